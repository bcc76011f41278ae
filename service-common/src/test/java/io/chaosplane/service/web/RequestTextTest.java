package io.chaosplane.service.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.json.ProblemDetailJacksonMixin;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Request text a service cannot store is refused at the door, and the field at fault is named. */
class RequestTextTest {

    record Note(String name, List<String> tags, Map<String, String> labels, JsonNode extra) {}

    @RestController
    static class Notes {

        @PostMapping(path = "/notes", consumes = MediaType.APPLICATION_JSON_VALUE)
        Note create(@RequestBody Note note) {
            return note;
        }

        @PostMapping(path = "/notes", consumes = MediaType.TEXT_PLAIN_VALUE)
        String text(@RequestBody String text) {
            return text;
        }

        @GetMapping("/notes")
        String find(@RequestParam(required = false) String name) {
            return name;
        }
    }

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        // as Spring Boot's mapper: problem bodies with their extra members at the top level
        JsonMapper json = JsonMapper.builder()
                .addMixIn(ProblemDetail.class, ProblemDetailJacksonMixin.class)
                .build();
        mvc = MockMvcBuilders.standaloneSetup(new Notes())
                .setControllerAdvice(new ApiExceptionHandler())
                .setMessageConverters(
                        new org.springframework.http.converter.StringHttpMessageConverter(StandardCharsets.UTF_8),
                        new StrictText.JsonConverter(json))
                .addFilters(new RequestBodyFilter(64 * 1024, json), new RequestParametersFilter(json))
                .build();
    }

    private static byte[] json(String before, String hexBytes, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hexBytes));
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Nested
    class StrictUtf8 {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "c0af", // '/' as an overlong 2-byte form
                    "e080af", // '/' as an overlong 3-byte form
                    "f08080af", // '/' as an overlong 4-byte form
                    "eda080", // a surrogate, U+D800
                    "f4908080", // above U+10FFFF
                    "ff", // no character starts so
                    "80", // a continuation byte alone
                    "c328" // a lead byte without its continuation
                })
        void bytesThatAreNotUtf8AreA400NamingTheMember(String hex) throws Exception {
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(json("{\"name\":\"a", hex, "b\",\"tags\":[]}")))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value(400))
                    .andExpect(jsonPath("$.errors[0].field").value("name"))
                    .andExpect(jsonPath("$.errors[0].message", Matchers.startsWith("is not valid UTF-8")));
        }

        @Test
        void aBodyEndingInsideACharacterIsRefused() throws Exception {
            mvc.perform(post("/notes").contentType(MediaType.TEXT_PLAIN).content(json("text ", "e282", "")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message", Matchers.containsString("ends inside a character")));
        }

        @Test
        void everyPlaneOfUnicodeStillPasses() throws Exception {
            String text = "Grüße, 世界, \uD83D\uDE80, \uFFFD";
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content(("{\"name\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8)))
                    .andExpect(status().isOk())
                    .andExpect(jsonPath("$.name").value(text));
        }

        @Test
        void plainTextIsHeldToTheSameRules() throws Exception {
            mvc.perform(post("/notes").contentType(MediaType.TEXT_PLAIN).content(json("line one\n", "c0af", "")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"));
        }
    }

    @Nested
    class Nul {

        @Test
        void anEscapedNulInAStringNamesTheMember() throws Exception {
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"name\":\"ok\",\"tags\":[\"a\",\"b\\u0000\"]}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("tags[1]"))
                    .andExpect(jsonPath("$.errors[0].message", Matchers.containsString("NUL")));
        }

        @Test
        void aNulInAMapValueOrATreeNamesItsPath() throws Exception {
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"labels\":{\"team\":\"x\\u0000\"}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("labels.team"));
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"extra\":{\"deep\":[{\"k\":\"\\u0000\"}]}}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("extra.deep[0].k"));
        }

        @Test
        void aNulInAMemberNameIsRefusedEvenWhereTheMemberIsIgnored() throws Exception {
            mvc.perform(post("/notes")
                            .contentType(MediaType.APPLICATION_JSON)
                            .content("{\"unknown\":{\"a\\u0000\":1},\"name\":\"n\"}"))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("unknown.a\\u0000"));
        }

        @Test
        void aRawNulByteIsRefusedInAnyBody() throws Exception {
            mvc.perform(post("/notes").contentType(MediaType.TEXT_PLAIN).content(json("a", "00", "b")))
                    .andExpect(status().isBadRequest())
                    .andExpect(jsonPath("$.errors[0].field").value("body"))
                    .andExpect(jsonPath("$.errors[0].message", Matchers.containsString("NUL")));
        }

        @Test
        void aNulInAQueryParameterNamesTheParameter() throws Exception {
            mvc.perform(get("/notes").param("name", "a\0b"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.errors[0].field").value("name"));
        }
    }

    @Nested
    class ContentTypes {

        @ParameterizedTest(name = "{0}")
        @ValueSource(
                strings = {
                    "multipart/form-data; boundary=xyz",
                    "multipart/form-data",
                    "multipart/mixed",
                    "application/json; charset=ISO-8859-1",
                    "application/json; charset=UTF-16",
                    "application/json; charset=bogus",
                    "not a media type",
                    "*/*",
                    "application/*"
                })
        void aBodyOfAnUnsupportedTypeIsA415Problem(String contentType) throws Exception {
            mvc.perform(post("/notes").header("Content-Type", contentType).content("{\"name\":\"n\"}"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                    .andExpect(jsonPath("$.code").value(415))
                    .andExpect(jsonPath("$.error").isNotEmpty());
        }

        @Test
        void aFormIsTakenByPostOnlyForSpringWouldParseAnyOtherBeforeAControllerCouldRefuseIt() throws Exception {
            mvc.perform(put("/notes")
                            .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                            .content("a=b&c=%zz"))
                    .andExpect(status().isUnsupportedMediaType())
                    .andExpect(jsonPath("$.code").value(415));
        }

        @Test
        void multipartIsRefusedEvenWithoutABody() throws Exception {
            mvc.perform(get("/notes").header("Content-Type", "multipart/form-data"))
                    .andExpect(status().isUnsupportedMediaType());
        }

        @Test
        void utf8SpelledAnyWayIsAccepted() throws Exception {
            mvc.perform(post("/notes")
                            .header("Content-Type", "application/json;charset=utf8")
                            .content("{}"))
                    .andExpect(status().isOk());
            mvc.perform(post("/notes")
                            .header("Content-Type", "application/json; charset=\"UTF-8\"")
                            .content("{}"))
                    .andExpect(status().isOk());
        }

        @Test
        void aBodylessRequestIsNotJudgedByItsContentType() throws Exception {
            mvc.perform(get("/notes").header("Content-Type", "text/plain; charset=latin1"))
                    .andExpect(status().isOk());
        }
    }
}
