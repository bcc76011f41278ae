package io.chaosplane.controlplane.halt;

import io.chaosplane.controlplane.halt.HaltDtos.HaltProgress;
import io.chaosplane.controlplane.halt.HaltDtos.HaltView;
import io.chaosplane.protocol.api.HaltRequest;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/halts")
@Tag(
        name = "Halts",
        description = "The emergency stop: every run in a scope stops (phase Stopped), its agents revert their faults,"
                + " and no run starts there until the halt is lifted")
class HaltController {

    private static final int MAX_IDEMPOTENCY_KEY = 200;

    private final HaltService halts;

    HaltController(HaltService halts) {
        this.halts = halts;
    }

    @PostMapping(consumes = "application/json")
    @Operation(
            summary = "Halt everything in a scope (operator); 201 when made, 200 with the halt an Idempotency-Key"
                    + " made before or an equal active halt")
    ResponseEntity<HaltView> create(
            @Valid @RequestBody HaltRequest request,
            @Parameter(description = "The same key answers the halt it made, however often it is posted")
                    @RequestHeader(value = "Idempotency-Key", required = false)
                    String idempotencyKey) {
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw InvalidInputException.of(
                    "Idempotency-Key", "must be 1 to " + MAX_IDEMPOTENCY_KEY + " characters when given");
        }
        HaltService.Outcome outcome = halts.create(request, idempotencyKey);
        return ResponseEntity.status(outcome.created() ? HttpStatus.CREATED : HttpStatus.OK)
                .body(outcome.halt());
    }

    @GetMapping
    @Operation(summary = "List the halts the caller can see, active ones first")
    ListResponse<HaltView> list(@Valid @ParameterObject PageParams page) {
        return halts.list(page.paging());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get a halt")
    HaltView get(@PathVariable UUID id) {
        return halts.get(id);
    }

    @GetMapping("/{id}/progress")
    @Operation(
            summary = "How far a halt has got: the runs it stopped, each fault's phase and whether it is reverted;"
                    + " allReverted once nothing of them is in force")
    HaltProgress progress(@PathVariable UUID id) {
        return halts.progress(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Lift a halt (admin): runs may start in its scope again; 409 when lifted already")
    HaltView lift(@PathVariable UUID id) {
        return halts.lift(id);
    }
}
