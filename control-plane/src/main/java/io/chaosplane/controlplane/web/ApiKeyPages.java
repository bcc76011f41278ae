package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.auth.ApiKeyDtos.ApiKeyView;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreateApiKey;
import io.chaosplane.controlplane.auth.ApiKeyDtos.CreatedApiKey;
import io.chaosplane.controlplane.auth.ApiKeyService;
import io.chaosplane.service.web.InvalidInputException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings, API keys: issue one (its secret shown this once), list them, revoke one. Account admins only. */
@Controller
class ApiKeyPages {

    /** The issue form as typed; {@code expires} is a date, the key working until its end (UTC). */
    public record ApiKeyForm(
            String name, String description, String role, String organization, String project, String expires) {

        static final ApiKeyForm EMPTY = new ApiKeyForm("", "", "viewer", "", "", "");
    }

    private final ApiKeyService keys;
    private final BeanChecks checks;

    ApiKeyPages(ApiKeyService keys, BeanChecks checks) {
        this.keys = keys;
        this.checks = checks;
    }

    @GetMapping("/settings/api-keys")
    String list(@RequestParam(defaultValue = "1") int page, Model model) {
        return page(page, ApiKeyForm.EMPTY, FormErrors.NONE, model);
    }

    @PostMapping("/settings/api-keys")
    String create(ApiKeyForm form, Model model) {
        try {
            CreateApiKey request = new CreateApiKey(
                    form.name() == null ? null : form.name().trim(),
                    InfrastructurePages.blankToNull(form.description()),
                    MemberPages.role(form.role()),
                    InfrastructurePages.blankToNull(form.organization()),
                    InfrastructurePages.blankToNull(form.project()),
                    expiry(form.expires()));
            checks.validate(request);
            CreatedApiKey created = keys.create(request);
            model.addAttribute("created", created);
            return page(1, ApiKeyForm.EMPTY, FormErrors.NONE, model);
        } catch (InvalidInputException invalid) {
            return page(
                    1,
                    form,
                    FormErrors.of(invalid.fieldProblems(), field -> switch (field) {
                        case "organizationIdentifier" -> "organization";
                        case "projectIdentifier" -> "project";
                        case "expiresAt" -> "expires";
                        default -> field;
                    }),
                    model);
        }
    }

    @GetMapping("/settings/api-keys/{id}/revoke")
    String confirmRevoke(@PathVariable UUID id, Model model) {
        ApiKeyView key = keys.get(id);
        model.addAttribute(
                "confirm",
                new Confirmation(
                        "Revoke API key " + key.name() + "?",
                        "Every script or CI job using the key " + key.prefix()
                                + "… is refused from now on. This cannot be" + " undone.",
                        "/settings/api-keys/" + id + "/revoke",
                        "Revoke key",
                        "/settings/api-keys"));
        return Confirmation.VIEW;
    }

    @PostMapping("/settings/api-keys/{id}/revoke")
    String revoke(@PathVariable UUID id, RedirectAttributes redirect) {
        ApiKeyView revoked = keys.revoke(id);
        redirect.addFlashAttribute("notice", "API key " + revoked.name() + " revoked.");
        return "redirect:/settings/api-keys";
    }

    private String page(int page, ApiKeyForm form, FormErrors errors, Model model) {
        model.addAttribute("page", PageView.of(keys.list(PageView.paging(page))));
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("roles", MemberPages.ROLES);
        return "settings/api-keys";
    }

    private static Instant expiry(String date) {
        if (date == null || date.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(date.trim())
                    .plusDays(1)
                    .atStartOfDay(ZoneOffset.UTC)
                    .toInstant();
        } catch (DateTimeParseException e) {
            throw InvalidInputException.of("expiresAt", "must be a date as 2030-12-31");
        }
    }
}
