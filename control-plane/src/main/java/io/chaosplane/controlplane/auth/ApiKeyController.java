package io.chaosplane.controlplane.auth;

import io.chaosplane.controlplane.auth.ApiKeyDtos.ApiKeyView;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreateApiKey;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreatedApiKey;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.PageParams;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/apikeys")
@Tag(name = "API keys", description = "Machine credentials with a role, issued by admins")
class ApiKeyController {

    private final ApiKeyService keys;

    ApiKeyController(ApiKeyService keys) {
        this.keys = keys;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Issue an API key (admin of its scope); the answer holds the secret, shown only this once")
    CreatedApiKey create(@Valid @RequestBody CreateApiKey request) {
        return keys.create(request);
    }

    @GetMapping
    @Operation(summary = "List the account's API keys, never their secrets (account admin)")
    ListResponse<ApiKeyView> list(@Valid @ParameterObject PageParams page) {
        return keys.list(page.paging());
    }

    @GetMapping("/{id}")
    @Operation(summary = "Get an API key (admin of its scope)")
    ApiKeyView get(@PathVariable UUID id) {
        return keys.get(id);
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Revoke an API key (admin of its scope); it answers 401 from then on")
    ApiKeyView revoke(@PathVariable UUID id) {
        return keys.revoke(id);
    }
}
