package io.chaosplane.service.web;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.validation.beanvalidation.LocalValidatorFactoryBean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

class ApiExceptionHandlerTest {

    enum Color {
        RED,
        GREEN
    }

    record Paint(@NotBlank String name, @Min(1) int coats, Color color) {}

    @RestController
    static class Failing {
        @GetMapping("/db-down")
        String databaseDown() {
            throw new CannotGetJdbcConnectionException("Connection to localhost:5432 refused (password=s3cret)");
        }

        @GetMapping("/bug")
        String bug() {
            throw new IllegalStateException("internal detail: password=s3cret");
        }

        @GetMapping("/missing")
        String missing(@RequestParam String name) {
            return name;
        }

        @GetMapping("/conflict")
        String conflict() {
            throw new ConflictException("experiment 'x' is already running");
        }

        @GetMapping("/busy")
        String busy() {
            throw new ServiceUnavailableException("too busy", java.time.Duration.ofMillis(1500));
        }

        @PostMapping("/paint")
        Paint paint(@Valid @RequestBody Paint paint) {
            return paint;
        }
    }

    MockMvc mvc;

    @BeforeEach
    void setUp() {
        LocalValidatorFactoryBean validator = new LocalValidatorFactoryBean();
        validator.afterPropertiesSet();
        mvc = MockMvcBuilders.standaloneSetup(new Failing())
                .setControllerAdvice(new ApiExceptionHandler())
                .setValidator(validator)
                .build();
    }

    @Test
    void aDatabaseThatDoesNotAnswerIs503WithoutDetails() throws Exception {
        mvc.perform(get("/db-down"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.code").value(503))
                .andExpect(jsonPath("$.error").value("database unavailable, try again later"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("s3cret"))));
    }

    @Test
    void aBugIs500WithAGenericMessageOnly() throws Exception {
        mvc.perform(get("/bug"))
                .andExpect(status().isInternalServerError())
                .andExpect(jsonPath("$.error").value("internal error"))
                .andExpect(content().string(Matchers.not(Matchers.containsString("s3cret"))))
                .andExpect(content().string(Matchers.not(Matchers.containsString("IllegalState"))));
    }

    @Test
    void aMissingQueryParameterIsNamed() throws Exception {
        mvc.perform(get("/missing"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("name"));
    }

    @Test
    void aConflictKeepsItsMessage() throws Exception {
        mvc.perform(get("/conflict"))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.error").value("experiment 'x' is already running"))
                .andExpect(jsonPath("$.status").value(409));
    }

    @Test
    void aBusyServiceSaysWhenToRetry() throws Exception {
        mvc.perform(get("/busy"))
                .andExpect(status().isServiceUnavailable())
                .andExpect(header().string("Retry-After", "2"))
                .andExpect(jsonPath("$.error").value("too busy"));
    }

    @Test
    void everyInvalidFieldIsListed() throws Exception {
        mvc.perform(post("/paint").contentType(MediaType.APPLICATION_JSON).content("{\"name\":\"\",\"coats\":0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[*].field", Matchers.containsInAnyOrder("name", "coats")));
    }

    @Test
    void anUnknownEnumValueListsTheAllowedOnes() throws Exception {
        mvc.perform(post("/paint")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"n\",\"coats\":1,\"color\":\"BLUE\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("color"))
                .andExpect(jsonPath("$.errors[0].message", Matchers.containsString("RED")));
    }

    @Test
    void aNumberWhereTextIsExpectedNamesTheField() throws Exception {
        mvc.perform(post("/paint")
                        .contentType(MediaType.APPLICATION_JSON)
                        .content("{\"name\":\"n\",\"coats\":\"many\"}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.errors[0].field").value("coats"));
    }
}
