package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ChatAnswer;
import io.chaosplane.controlplane.analysis.AnalysisDtos.ChatRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping({"/api", "/api/v1"})
@Tag(name = "Analysis")
class ChatController {

    private final ChatService chat;

    ChatController(ChatService chat) {
        this.chat = chat;
    }

    @PostMapping("/chat")
    @Operation(
            summary = "Ask a question about the project (viewer)",
            description = "Recognised by rules and synonyms over the project's own names, with typo tolerance; no"
                    + " language model. Intents: single points of failure, what breaks if X fails, the score and its"
                    + " trend, the last failed runs and why, what runs next, disconnected infrastructures, compliance"
                    + " status, the riskiest components, the cost of a component's failure. An unknown question"
                    + " answers the list of what it can answer. data.method says how the answer was computed.")
    @ApiResponse(
            responseCode = "200",
            content =
                    @Content(
                            schema = @Schema(implementation = ChatAnswer.class),
                            examples = {
                                @ExampleObject(name = "spofs", value = SPOF_EXAMPLE),
                                @ExampleObject(name = "unknown", value = UNKNOWN_EXAMPLE)
                            }))
    ChatAnswer ask(@RequestBody(required = false) ChatRequest body, ProjectScope scope) {
        return chat.ask(scope, body == null ? null : body.question());
    }

    /** On GET /demo's topology. */
    static final String SPOF_EXAMPLE = """
            {"intent": "single_points_of_failure",
             "answer": "5 single points of failure: api-gateway, cache, database, payment-service, queue. Losing one instance of each takes it and another component down.",
             "data": {"spofs": [{"id": "api-gateway", "name": "API Gateway", "risk_level": "high", "impact": 0.18},
                                {"id": "cache", "name": "Cache", "risk_level": "critical", "impact": 0.5},
                                {"id": "database", "name": "Database", "risk_level": "high", "impact": 0.36},
                                {"id": "payment-service", "name": "Payment Service", "risk_level": "high",
                                 "impact": 0.14},
                                {"id": "queue", "name": "Message Queue", "risk_level": "high", "impact": 0.18}],
                      "method": "The topology's assessment, as GET /api/topology marks is_spof: ..."},
             "suggestions": ["what breaks if api-gateway fails?", "what does a failure of api-gateway cost?",
                             "how do we reach 4 nines? (GET /api/architecture-advice)"]}""";

    static final String UNKNOWN_EXAMPLE = """
            {"intent": "unknown",
             "answer": "I did not recognise that question. I can answer: single points of failure, ...",
             "data": {"can_answer": [{"intent": "single_points_of_failure",
                                      "example": "what are the single points of failure?"}],
                      "method": "Rules and synonyms over the question's words and the project's names, ..."},
             "suggestions": ["what are the single points of failure?", "what does a failure of api-gateway cost?"]}""";
}
