package io.chaosplane.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class OutputTest {

    private static final JsonNode LIST = ApiClient.JSON.readTree("""
            {"items":[{"name":"cpu-hog","namespace":"demo","phase":"Completed","resiliencyScore":100.00,
                       "action":{"type":"linux-cpu-stress"}},
                      {"name":"a-much-longer-name","namespace":"ci","phase":"Pending","resiliencyScore":null,
                       "action":{"type":"linux-network-latency"}}],
             "total":2}""");

    private static final List<Output.Column> COLUMNS = GetCommand.Resource.experiments.columns;

    private static String print(Output.Format format) {
        StringWriter text = new StringWriter();
        Output.print(new PrintWriter(text), format, LIST, COLUMNS);
        return text.toString();
    }

    @Test
    void aTableAlignsItsColumnsAndWritesNumbersAsPeopleDo() {
        assertThat(print(Output.Format.table)).isEqualTo("""
                        NAMESPACE  NAME                FAULT                  PHASE      SCORE  STARTED
                        demo       cpu-hog             linux-cpu-stress       Completed  100    -
                        ci         a-much-longer-name  linux-network-latency  Pending    -      -
                        """);
    }

    @Test
    void jsonAndYamlAreTheWholeAnswer() {
        assertThat(ApiClient.JSON.readTree(print(Output.Format.json))).isEqualTo(LIST);
        assertThat(Manifests.YAML
                        .readTree(print(Output.Format.yaml))
                        .path("items")
                        .get(1)
                        .path("name")
                        .asString())
                .isEqualTo("a-much-longer-name");
    }

    @Test
    void noFormatWritesEscapeCodes() {
        for (Output.Format format : Output.Format.values()) {
            assertThat(print(format)).doesNotContain("\u001b");
        }
    }

    @Test
    void everyResourceHasColumns() {
        for (GetCommand.Resource resource : GetCommand.Resource.values()) {
            assertThat(resource.columns).isNotEmpty();
        }
    }

    @Test
    void numbersDropTrailingZeros() {
        assertThat(Output.number(100.0)).isEqualTo("100");
        assertThat(Output.number(87.50)).isEqualTo("87.5");
        assertThat(Output.seconds(75)).isEqualTo("1m15s");
    }
}
