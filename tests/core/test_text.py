from marketplace.core.text import fold, html_as_text, html_clean, text_as_html


def test_fold_strips_vietnamese_marks_and_d_bar():
    assert fold("  Nước  mắm Đà Nẵng ") == "nuoc mam da nang"


def test_typed_paragraphs_become_escaped_html():
    typed = "Kẹo ngon & rẻ\r\n\r\nBa đời\nở <Mỏ Cày>\n\n\n"
    assert text_as_html(typed) == "<p>Kẹo ngon &amp; rẻ</p><p>Ba đời<br>ở &lt;Mỏ Cày&gt;</p>"


def test_rich_text_gets_its_own_line_break():
    assert text_as_html("Một\nhai", line_break="<br/>") == "<p>Một<br/>hai</p>"


def test_empty_text_is_no_html():
    assert text_as_html("") == text_as_html(None) == ""


def test_html_back_to_the_paragraphs_typed():
    for line_break in ("<br>", "<br/>"):
        typed = "Kẹo ngon & rẻ\n\nBa đời\nở Mỏ Cày"
        assert html_as_text(text_as_html(typed, line_break=line_break)) == typed


def test_clean_keeps_only_the_allowed_tags_and_no_attribute():
    markup = '<p onclick="x()">Ngon <b>lắm</b><script>alert(1)</script><a href="/">đây</a></p>'
    assert html_clean(markup, tags={"p", "b"}) == "<p>Ngon <b>lắm</b>đây</p>"
