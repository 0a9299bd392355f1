from django.urls import path

from . import views

app_name = "orders"

urlpatterns = [
    path("gio-hang/", views.cart, name="cart"),
    path("gio-hang/them/", views.cart_add, name="cart_add"),
    path("thanh-toan/", views.checkout, name="checkout"),
    path("thanh-toan/xa-phuong/", views.checkout_communes, name="checkout_communes"),
    path("don-hang/", views.my_orders, name="my_orders"),
    path("don-hang/<str:token>/", views.order_detail, name="order_detail"),
    path("don-hang/<str:token>/<str:number>/the/", views.pay_by_card, name="pay_by_card"),
    path("don-hang/<str:token>/<str:number>/huy/", views.buyer_cancel, name="buyer_cancel"),
    path("cua-hang-cua-toi/don-hang/", views.seller_order_list, name="seller_order_list"),
    path(
        "cua-hang-cua-toi/don-hang/<str:number>/",
        views.seller_order_detail,
        name="seller_order_detail",
    ),
]
