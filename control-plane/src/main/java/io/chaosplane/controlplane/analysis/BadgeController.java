package io.chaosplane.controlplane.analysis;

import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.analysis.BadgeService.MarkdownView;
import io.chaosplane.controlplane.analysis.BadgeService.TokenView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@Tag(name = "Badges", description = "README badges of a project's resilience, opened by a read-only badge token")
class BadgeController {

    static final MediaType SVG = MediaType.parseMediaType("image/svg+xml");

    /** Badges change when the graph or the runs do: a minute's cache, then a revalidation the ETag answers. */
    static final CacheControl CACHE =
            CacheControl.maxAge(java.time.Duration.ofMinutes(1)).mustRevalidate();

    private final BadgeService badges;
    private final String publicUrl;

    BadgeController(
            BadgeService badges, @Value("${chaosplane.people.public-url:http://localhost:8080}") String publicUrl) {
        this.badges = badges;
        this.publicUrl = publicUrl;
    }

    @GetMapping("/badge/{type}.svg")
    @Operation(
            summary = "A badge (badge token)",
            description = "type: resilience_score, sla_estimate, grade, spof_count, component_count, run_score;"
                    + " style: flat (default), flat-square, for-the-badge, plastic. No token 401; an unknown or"
                    + " revoked token, or an unknown type, 404. ETag and If-None-Match: 304.")
    @ApiResponse(responseCode = "200", content = @Content(mediaType = "image/svg+xml"))
    ResponseEntity<String> badge(
            @PathVariable String type,
            @Parameter(description = "flat, flat-square, for-the-badge or plastic") @RequestParam(required = false)
                    String style,
            @Parameter(description = "The project's badge token") @RequestParam(required = false) String token,
            WebRequest request) {
        BadgeService.Rendered rendered = badges.badge(type, style, token);
        if (request.checkNotModified(rendered.etag())) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .eTag(rendered.etag())
                    .cacheControl(CACHE)
                    .build();
        }
        return ResponseEntity.ok()
                .contentType(SVG)
                .cacheControl(CACHE)
                .eTag(rendered.etag())
                .body(rendered.svg());
    }

    @PostMapping({"/api/badge-tokens", "/api/v1/badge-tokens"})
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(
            summary = "Make a badge token (project admin)",
            description = "A read-only token that opens the project's badges only; revocable.")
    TokenView create(ProjectScope scope) {
        return badges.create(scope);
    }

    @GetMapping({"/api/badge-tokens", "/api/v1/badge-tokens"})
    @Operation(summary = "The project's badge tokens, newest first (project admin)")
    List<TokenView> list(ProjectScope scope) {
        return badges.list(scope);
    }

    @DeleteMapping({"/api/badge-tokens/{id}", "/api/v1/badge-tokens/{id}"})
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(summary = "Revoke a badge token (project admin): its badges answer 404 from then on")
    void revoke(@PathVariable UUID id, ProjectScope scope) {
        badges.revoke(scope, id);
    }

    @GetMapping({"/api/badge-markdown", "/api/v1/badge-markdown"})
    @Operation(
            summary = "Markdown snippets of every badge with the project's newest badge token (viewer)",
            description = "base_url: the address the badges are fetched from (default: the configured public"
                    + " address); 404 while the project has no live badge token.")
    MarkdownView markdown(
            @Parameter(description = "http(s) address of this server")
                    @RequestParam(name = "base_url", required = false)
                    String baseUrl,
            ProjectScope scope) {
        return badges.markdown(scope, baseUrl, publicUrl);
    }
}
