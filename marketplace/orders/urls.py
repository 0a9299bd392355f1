from django.urls import path

from . import lookup, order_pages, views

app_name = "orders"

urlpatterns = [
    path("gio-hang/", views.cart, name="cart"),
    path("gio-hang/them/", views.cart_add, name="cart_add"),
    path("thanh-toan/", views.checkout, name="checkout"),
    path("thanh-toan/xa-phuong/", views.checkout_communes, name="checkout_communes"),
    path("thanh-toan/giao-hang/", views.checkout_summary, name="checkout_summary"),
    path("don-hang/", lookup.my_orders, name="my_orders"),
    path("don-hang/tim/", lookup.order_lookup, name="order_lookup"),
    path("don-hang/<str:token>/", order_pages.order_detail, name="order_detail"),
    path("don-hang/<str:token>/the/", order_pages.pay_by_card, name="pay_by_card"),
    path(
        "don-hang/<str:token>/<str:number>/vietqr.png",
        order_pages.order_vietqr_png,
        name="order_vietqr_png",
    ),
    path("don-hang/<str:token>/<str:number>/huy/", views.buyer_cancel, name="buyer_cancel"),
]
