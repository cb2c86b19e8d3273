package dev.scalingsuite.report;

/** A Markdown document as the reports write one: lines, sections and tables with escaped cells. */
final class Markdown {

    private final StringBuilder out = new StringBuilder();

    void line(String text) {
        out.append(text).append('\n');
    }

    void row(Object... cells) {
        StringBuilder text = new StringBuilder("|");
        for (Object c : cells) {
            text.append(' ').append(Fmt.cell(String.valueOf(c))).append(" |");
        }
        line(text.toString());
    }

    void table(String... headers) {
        row((Object[]) headers);
        StringBuilder rule = new StringBuilder("|");
        for (int i = 0; i < headers.length; i++) {
            rule.append("---|");
        }
        line(rule.toString());
    }

    void section(String title) {
        line("");
        line("## " + title);
        line("");
    }

    String text() {
        return out.toString();
    }
}
