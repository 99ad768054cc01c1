package zswapsim.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import zswapsim.report.Markdown.Block;
import zswapsim.report.Markdown.Span;

/** The about: renderer: Markdown becomes structure, anything else stays text. */
class MarkdownTest {

    /** Paragraphs split on blank lines, lines within one join, and list items become one list. */
    @Test
    void parse_paragraphsAndLists_givesBlocks() {
        List<Block> blocks = Markdown.parse("First line\nsecond line.\n\n- one\n- two\n  continued\n\n1. a\n2. b\n");
        assertThat(blocks).extracting(Block::tag).containsExactly("p", "ul", "ol");
        assertThat(blocks.get(0).items()).containsExactly(List.of(new Span("t", "First line second line.")));
        assertThat(blocks.get(1).items()).containsExactly(List.of(new Span("t", "one")), List.of(new Span("t", "two continued")));
        assertThat(blocks.get(2).items()).hasSize(2);
    }

    /** Code spans are literal; bold and em pair up; an unpaired star stays a star. */
    @Test
    void inline_codeBoldEm_givesStyledSpans() {
        assertThat(Markdown.inline("a `x *y*` **b** *c* 2 * 3")).containsExactly(new Span("t", "a "),
                new Span("code", "x *y*"), new Span("t", " "), new Span("strong", "b"), new Span("t", " "),
                new Span("em", "c"), new Span("t", " 2 * 3"));
    }

    /** HTML in about: is not Markdown: it stays one plain text span, tags and all. */
    @Test
    void inline_html_staysText() {
        assertThat(Markdown.inline("<script>alert(1)</script> & <b>x</b>"))
                .containsExactly(new Span("t", "<script>alert(1)</script> & <b>x</b>"));
    }

    /** No about: gives no blocks. */
    @Test
    void parse_null_givesNothing() {
        assertThat(Markdown.parse(null)).isEmpty();
    }
}
