package io.chaosplane.controlplane.policy;

import io.chaosplane.controlplane.access.AccessGuard;
import io.chaosplane.controlplane.access.Caller;
import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.access.ProjectScope;
import io.chaosplane.controlplane.common.OffsetPageable;
import io.chaosplane.controlplane.event.AuditTrail;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyRequest;
import io.chaosplane.controlplane.policy.PolicyDtos.PolicyView;
import io.chaosplane.controlplane.tenancy.ScopeDirectory;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.InvalidInputException;
import io.chaosplane.service.web.ListResponse;
import io.chaosplane.service.web.NotFoundException;
import io.chaosplane.service.web.Paging;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** Seed 000's policies: guardrails of a project, managed by its admins, read by everyone in it. */
@Service
public class PolicyService {

    private final PolicyRepository policies;
    private final AccessGuard guard;
    private final ScopeDirectory scopes;
    private final AuditTrail audit;
    private final JsonMapper json;
    private final Clock clock;

    PolicyService(
            PolicyRepository policies,
            AccessGuard guard,
            ScopeDirectory scopes,
            AuditTrail audit,
            JsonMapper json,
            Clock clock) {
        this.policies = policies;
        this.guard = guard;
        this.scopes = scopes;
        this.audit = audit;
        this.json = json;
        this.clock = clock;
    }

    @Transactional
    public PolicyView create(ProjectScope scope, PolicyRequest request) {
        Caller caller = guard.require(Permission.MANAGE, scope, scope.toString());
        scopes.requireExists(scope);
        RuleValidator.check(request.rules());
        if (policies.existsByAccountIdAndOrganizationAndProjectAndName(
                scope.accountId(), scope.organization(), scope.project(), request.name())) {
            throw new ConflictException("policy '" + request.name() + "' already exists");
        }
        Policy policy = policies.save(new Policy(
                scope.accountId(),
                scope.organization(),
                scope.project(),
                request.name(),
                Objects.requireNonNullElse(request.description(), ""),
                !Boolean.FALSE.equals(request.enabled()),
                json.writeValueAsString(request.rules()),
                caller.actor(),
                clock.instant()));
        audit.record(
                "policy.create", request.name(), Map.of("rules", request.rules().size()));
        return view(policy);
    }

    @Transactional(readOnly = true)
    public ListResponse<PolicyView> list(ProjectScope scope, Paging paging) {
        guard.require(Permission.READ, scope, scope.toString());
        var page = policies.findByAccountIdAndOrganizationAndProject(
                scope.accountId(), scope.organization(), scope.project(), OffsetPageable.of(paging, Sort.by("name")));
        return ListResponse.of("PolicyList", page.map(this::view).getContent(), page.getTotalElements(), paging);
    }

    @Transactional(readOnly = true)
    public PolicyView get(ProjectScope scope, String name) {
        return view(find(scope, name, Permission.READ));
    }

    @Transactional
    public PolicyView update(ProjectScope scope, String name, PolicyRequest request) {
        Policy policy = find(scope, name, Permission.MANAGE);
        if (!name.equals(request.name())) {
            throw InvalidInputException.of("name", "must be '" + name + "', as in the path; a policy is not renamed");
        }
        RuleValidator.check(request.rules());
        policy.update(
                Objects.requireNonNullElse(request.description(), ""),
                !Boolean.FALSE.equals(request.enabled()),
                json.writeValueAsString(request.rules()),
                clock.instant());
        audit.record("policy.update", name, Map.of("enabled", policy.isEnabled()));
        return view(policy);
    }

    @Transactional
    public void delete(ProjectScope scope, String name) {
        policies.delete(find(scope, name, Permission.MANAGE));
        audit.record("policy.delete", name, Map.of());
    }

    private Policy find(ProjectScope scope, String name, Permission permission) {
        guard.require(permission, scope, "policy '" + name + "'");
        return policies.findByAccountIdAndOrganizationAndProjectAndName(
                        scope.accountId(), scope.organization(), scope.project(), name)
                .orElseThrow(() -> new NotFoundException("policy '" + name + "' not found"));
    }

    private PolicyView view(Policy policy) {
        List<PolicyRule> rules = json.readValue(policy.getRules(), new TypeReference<List<PolicyRule>>() {});
        return new PolicyView(
                policy.getName(),
                policy.getDescription(),
                policy.isEnabled(),
                rules,
                policy.getOrganization(),
                policy.getProject(),
                policy.getCreatedBy(),
                policy.getCreatedAt(),
                policy.getUpdatedAt());
    }
}
