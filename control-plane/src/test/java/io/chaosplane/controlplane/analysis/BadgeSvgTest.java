package io.chaosplane.controlplane.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosplane.controlplane.analysis.BadgeSvg.Style;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

class BadgeSvgTest {

    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void measuresWithVerdanasWidthsAt11Px() {
        // p 6.85 + a 6.61 + s 5.73 + s 5.73 + i 3.02 + n 6.96 + g 6.85
        assertThat(BadgeSvg.textWidth("passing")).isCloseTo(41.75, org.assertj.core.data.Offset.offset(1e-9));
        // r 4.69 + e 6.55 + s 5.73 + i 3.02 + l 3.02 + i 3.02 + e 6.55 + n 6.96 + c 5.73 + e 6.55
        assertThat(BadgeSvg.textWidth("resilience")).isCloseTo(51.82, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(BadgeSvg.runWidth("resilience", Style.FLAT)).isEqualTo(52);
        // capitals and the letter spacing of for-the-badge: 10 · 1.25 more
        assertThat(BadgeSvg.runWidth("RESILIENCE", Style.FOR_THE_BADGE))
                .isEqualTo((int) Math.ceil(BadgeSvg.textWidth("RESILIENCE") + 12.5));
    }

    @ParameterizedTest
    @EnumSource(Style.class)
    void everyStyleIsWellFormedSvgWhoseTextsFitTheirBoxes(Style style) throws Exception {
        String svg = BadgeSvg.render("resilience <&>", "83.3 \"A\"", "#97ca00", style);
        Document document = parse(svg);
        Element root = document.getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("svg");
        assertThat(root.getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(root.getAttribute("aria-label")).isEqualTo("resilience <&>: 83.3 \"A\"");
        NodeList rects = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "rect");
        // the clip rectangle, then the label's and the value's boxes
        int total = Integer.parseInt(root.getAttribute("width"));
        int left = Integer.parseInt(((Element) rects.item(1)).getAttribute("width"));
        int right = Integer.parseInt(((Element) rects.item(2)).getAttribute("width"));
        assertThat(left + right).isEqualTo(total);
        NodeList texts = root.getElementsByTagNameNS("http://www.w3.org/2000/svg", "text");
        for (int i = 0; i < texts.getLength(); i++) {
            Element text = (Element) texts.item(i);
            String content = text.getTextContent();
            double needed = BadgeSvg.textWidth(content)
                    + (style == Style.FOR_THE_BADGE ? BadgeSvg.LETTER_SPACING * content.length() : 0);
            int given = Integer.parseInt(text.getAttribute("textLength")) / 10;
            int box = content.equalsIgnoreCase("resilience <&>") ? left : right;
            assertThat((double) given).as(content).isGreaterThanOrEqualTo(needed);
            assertThat(given).as("%s fits its box", content).isLessThan(box);
            double x = Double.parseDouble(text.getAttribute("x")) / 10;
            double start = x - given / 2.0;
            double end = x + given / 2.0;
            double boxStart = box == left ? 0 : left;
            assertThat(start).isGreaterThanOrEqualTo(boxStart);
            assertThat(end).isLessThanOrEqualTo(boxStart + box);
        }
        assertThat(root.getAttribute("height"))
                .isEqualTo(
                        switch (style) {
                            case FOR_THE_BADGE -> "28";
                            case PLASTIC -> "18";
                            default -> "20";
                        });
    }
}
