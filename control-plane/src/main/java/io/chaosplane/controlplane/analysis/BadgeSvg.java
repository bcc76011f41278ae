package io.chaosplane.controlplane.analysis;

import java.util.Locale;
import java.util.Optional;

/**
 * Badges drawn as shields.io draws them, in four styles. Text is measured with Verdana's advance widths at 11 px
 * (the font the SVG names first) and each text run is given that length ({@code textLength}), so it fits its box
 * whatever font the viewer falls back to.
 */
final class BadgeSvg {

    /** Verdana's advance widths at 11 px for ASCII 32 (space) to 126 (~), in pixels. */
    private static final double[] VERDANA_11 = {
        3.87,
        4.33,
        5.05,
        9.00,
        6.99,
        11.84,
        7.99,
        2.95,
        5.00,
        5.00,
        6.99,
        9.00,
        4.00,
        5.00,
        4.00,
        5.00, // space to /
        6.99,
        6.99,
        6.99,
        6.99,
        6.99,
        6.99,
        6.99,
        6.99,
        6.99,
        6.99, // 0 to 9
        5.00,
        5.00,
        9.00,
        9.00,
        9.00,
        6.00,
        11.00, // : to @
        7.52,
        7.54,
        7.68,
        8.48,
        6.96,
        6.32,
        8.53,
        8.27,
        4.63,
        5.00,
        7.62,
        6.12,
        9.27, // A to M
        8.23,
        8.66,
        6.63,
        8.66,
        7.65,
        7.52,
        6.78,
        8.05,
        7.52,
        10.88,
        7.54,
        6.77,
        7.54, // N to Z
        5.00,
        5.00,
        5.00,
        9.00,
        6.99,
        6.99, // [ to `
        6.61,
        6.85,
        5.73,
        6.85,
        6.55,
        3.87,
        6.85,
        6.96,
        3.02,
        3.79,
        6.51,
        3.02,
        10.70, // a to m
        6.96,
        6.68,
        6.85,
        6.85,
        4.69,
        5.73,
        4.33,
        6.96,
        6.51,
        9.00,
        6.51,
        6.51,
        5.78, // n to z
        6.98,
        5.00,
        6.98,
        9.00 // { to ~
    };

    /** What a character outside the table is taken to need: Verdana's widest common letter (W). */
    private static final double OTHER = 10.88;

    /** for-the-badge spaces its capitals this much more, as shields.io does. */
    static final double LETTER_SPACING = 1.25;

    private BadgeSvg() {}

    enum Style {
        FLAT("flat"),
        FLAT_SQUARE("flat-square"),
        FOR_THE_BADGE("for-the-badge"),
        PLASTIC("plastic");

        final String wireName;

        Style(String wireName) {
            this.wireName = wireName;
        }

        static Optional<Style> fromWire(String value) {
            for (Style style : values()) {
                if (style.wireName.equals(value)) {
                    return Optional.of(style);
                }
            }
            return Optional.empty();
        }
    }

    /** The width in pixels of a text in Verdana 11 px. */
    static double textWidth(String text) {
        double width = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            width += c >= 32 && c <= 126 ? VERDANA_11[c - 32] : OTHER;
        }
        return width;
    }

    /** The width given to a text run: its measure rounded up, plus the letter spacing of the style. */
    static int runWidth(String text, Style style) {
        double width = textWidth(text);
        if (style == Style.FOR_THE_BADGE) {
            width += LETTER_SPACING * text.length();
        }
        return (int) Math.ceil(width);
    }

    static String render(String label, String value, String color, Style style) {
        String left = style == Style.FOR_THE_BADGE ? label.toUpperCase(Locale.ROOT) : label;
        String right = style == Style.FOR_THE_BADGE ? value.toUpperCase(Locale.ROOT) : value;
        int padding = style == Style.FOR_THE_BADGE ? 9 : 5;
        int height = switch (style) {
            case FOR_THE_BADGE -> 28;
            case PLASTIC -> 18;
            default -> 20;
        };
        int leftText = runWidth(left, style);
        int rightText = runWidth(right, style);
        int leftWidth = leftText + 2 * padding;
        int rightWidth = rightText + 2 * padding;
        int total = leftWidth + rightWidth;
        String title = escape(label + ": " + value);
        StringBuilder svg = new StringBuilder(1200);
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(total)
                .append("\" height=\"")
                .append(height)
                .append("\" role=\"img\" aria-label=\"")
                .append(title)
                .append("\"><title>")
                .append(title)
                .append("</title>");
        int radius = switch (style) {
            case FLAT -> 3;
            case PLASTIC -> 4;
            default -> 0;
        };
        if (style == Style.FLAT) {
            svg.append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#bbb\""
                    + " stop-opacity=\".1\"/><stop offset=\"1\" stop-opacity=\".1\"/></linearGradient>");
        } else if (style == Style.PLASTIC) {
            svg.append("<linearGradient id=\"s\" x2=\"0\" y2=\"100%\"><stop offset=\"0\" stop-color=\"#fff\""
                    + " stop-opacity=\".7\"/><stop offset=\".1\" stop-color=\"#aaa\" stop-opacity=\".1\"/>"
                    + "<stop offset=\".9\" stop-opacity=\".3\"/><stop offset=\"1\" stop-opacity=\".5\"/>"
                    + "</linearGradient>");
        }
        svg.append("<clipPath id=\"r\"><rect width=\"")
                .append(total)
                .append("\" height=\"")
                .append(height)
                .append("\" rx=\"")
                .append(radius)
                .append("\" fill=\"#fff\"/></clipPath><g clip-path=\"url(#r)\">");
        svg.append("<rect width=\"")
                .append(leftWidth)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"#555\"/><rect x=\"")
                .append(leftWidth)
                .append("\" width=\"")
                .append(rightWidth)
                .append("\" height=\"")
                .append(height)
                .append("\" fill=\"")
                .append(color)
                .append("\"/>");
        if (style == Style.FLAT || style == Style.PLASTIC) {
            svg.append("<rect width=\"")
                    .append(total)
                    .append("\" height=\"")
                    .append(height)
                    .append("\" fill=\"url(#s)\"/>");
        }
        svg.append("</g><g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\""
                        + " text-rendering=\"geometricPrecision\" font-size=\"")
                .append(style == Style.FOR_THE_BADGE ? 100 : 110)
                .append('"')
                .append(style == Style.FOR_THE_BADGE ? " font-weight=\"bold\"" : "")
                .append('>');
        int baseline = switch (style) {
            case FOR_THE_BADGE -> 175;
            case PLASTIC -> 130;
            default -> 140;
        };
        boolean shadow = style != Style.FOR_THE_BADGE;
        text(svg, 10 * leftWidth / 2, baseline, 10 * leftText, escape(left), shadow);
        text(svg, 10 * leftWidth + 10 * rightWidth / 2, baseline, 10 * rightText, escape(right), shadow);
        return svg.append("</g></svg>").toString();
    }

    private static void text(StringBuilder svg, int x, int y, int length, String content, boolean shadow) {
        if (shadow) {
            svg.append("<text aria-hidden=\"true\" x=\"")
                    .append(x)
                    .append("\" y=\"")
                    .append(y + 10)
                    .append("\" fill=\"#010101\" fill-opacity=\".3\" transform=\"scale(.1)\" textLength=\"")
                    .append(length)
                    .append("\">")
                    .append(content)
                    .append("</text>");
        }
        svg.append("<text x=\"")
                .append(x)
                .append("\" y=\"")
                .append(y)
                .append("\" transform=\"scale(.1)\" textLength=\"")
                .append(length)
                .append("\">")
                .append(content)
                .append("</text>");
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
