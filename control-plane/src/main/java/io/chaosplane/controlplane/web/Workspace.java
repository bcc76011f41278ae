package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.access.ResourceScope;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.service.web.ForbiddenException;

/**
 * Where a person works in the UI and what their role there lets them do; every page is about this one project.
 *
 * @param role the person's role over the project, null when they have none there
 * @param accountAdmin admin of the whole account: API keys, every member
 * @param anyAdmin admin of some scope: may manage that scope's members
 */
public record Workspace(
        String accountId,
        String actor,
        ResourceScope project,
        Role role,
        boolean accountAdmin,
        boolean anyAdmin,
        boolean platformAdmin) {

    /** The project the pages are about, as services take it. */
    public ProjectScope scope() {
        return new ProjectScope(accountId, project.organization(), project.project());
    }

    public String organization() {
        return project.organization();
    }

    public String projectIdentifier() {
        return project.project();
    }

    public boolean canOperate() {
        return role != null && role.allows(Permission.OPERATE);
    }

    public boolean canManage() {
        return role != null && role.allows(Permission.MANAGE);
    }

    /**
     * For pages that only lead to an action, such as a confirmation: 403 up front for a role that may not take it.
     * The action itself is checked again by its service.
     */
    void require(Permission permission) {
        if (role == null || !role.allows(permission)) {
            throw new ForbiddenException(
                    "role " + (role == null ? "none" : role.wireName()) + " on " + project + " may not do this");
        }
    }
}
