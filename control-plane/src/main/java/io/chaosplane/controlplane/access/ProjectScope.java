package io.chaosplane.controlplane.access;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.Objects;

/**
 * The project a request works in: the caller's account and one of its projects. Controllers take it as a parameter,
 * resolved once from the request's {@code organizationIdentifier} and {@code projectIdentifier} (see {@link
 * ProjectScopes}); services take it instead of the pair of names.
 *
 * <p>Hidden from the OpenAPI document as a parameter of its own: the document shows the pair it is resolved from.
 */
@Hidden
public record ProjectScope(String accountId, String organization, String project) {

    /** The organization and project every account starts with, and which a request means when it names none. */
    public static final String DEFAULT_ORGANIZATION = "default";

    public static final String DEFAULT_PROJECT = "default_project";

    public ProjectScope {
        Objects.requireNonNull(accountId);
        Objects.requireNonNull(organization);
        Objects.requireNonNull(project);
    }

    /** The project as grants name it. */
    public ResourceScope resource() {
        return ResourceScope.project(organization, project);
    }

    @Override
    public String toString() {
        return resource().toString();
    }
}
