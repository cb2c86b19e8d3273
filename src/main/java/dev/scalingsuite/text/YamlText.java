package dev.scalingsuite.text;

/**
 * What the scenario and configuration loaders both need to say where a YAML problem is: line numbers
 * counted as YAML counts line breaks, and values shown on one line.
 */
public final class YamlText {

    private YamlText() {
    }

    /** {@code text} with line breaks, tabs and control characters escaped, so a problem stays one line. */
    public static String oneLine(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    int type = Character.getType(c);
                    if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR
                            || type == Character.PARAGRAPH_SEPARATOR) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** The line of the {@code codePoints}-th code point of {@code text}, counting line breaks as YAML does. */
    public static int lineAt(String text, int codePoints) {
        int end = text.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, text.codePointCount(0, text.length()))));
        int line = 1;
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\u0085' || c == '\u2028' || c == '\u2029'
                    || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
            }
        }
        return line;
    }

    /**
     * The line of the character {@code codePoint} that the YAML reader refused at about
     * {@code codePoints}: the first one at or after that place, since the reader reports a lone
     * surrogate that ends the text one place early; the reported place itself when there is none.
     */
    public static int lineOfRefused(String text, int codePoints, int codePoint) {
        int total = text.codePointCount(0, text.length());
        int i = text.offsetByCodePoints(0, Math.max(0, Math.min(codePoints, total)));
        while (i < text.length()) {
            int c = text.codePointAt(i);
            if (c == codePoint) {
                return lineAt(text, text.codePointCount(0, i));
            }
            i += Character.charCount(c);
        }
        return lineAt(text, codePoints);
    }

    /** The number of the text's last line (1 for an empty text). */
    public static int lastLine(String text) {
        return Math.max(1, text.split("\\R", -1).length);
    }
}
