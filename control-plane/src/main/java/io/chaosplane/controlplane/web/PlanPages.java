package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Plan;
import io.chaosplane.controlplane.access.Role;
import io.chaosplane.controlplane.tenancy.AccountService;
import io.chaosplane.controlplane.tenancy.TenancyDtos.AccountView;
import io.chaosplane.controlplane.tenancy.TenancyDtos.UpdateAccount;
import io.chaosplane.service.web.InvalidInputException;
import java.util.Arrays;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings, plan and rate limits: what the account's plan and each role allow per minute. */
@Controller
class PlanPages {

    /** A limit as the page lists it. */
    public record Limit(String name, int requestsPerMinute) {}

    private final AccountService accounts;

    PlanPages(AccountService accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/settings/plan")
    String plan(Workspace ws, Model model) {
        AccountView account = accounts.get(ws.accountId());
        model.addAttribute("account", account);
        model.addAttribute(
                "plans",
                Arrays.stream(Plan.values())
                        .map(plan -> new Limit(plan.wireName(), plan.requestsPerMinute()))
                        .toList());
        model.addAttribute(
                "roleLimits",
                Arrays.stream(Role.values())
                        .map(role -> new Limit(role.wireName(), role.requestsPerMinute()))
                        .toList());
        return "settings/plan";
    }

    /** Changing the plan is for platform administrators; the service refuses everyone else. */
    @PostMapping("/settings/plan")
    String changePlan(Workspace ws, @RequestParam String plan, RedirectAttributes redirect) {
        Plan chosen;
        try {
            chosen = Plan.fromWire(plan);
        } catch (IllegalArgumentException e) {
            throw InvalidInputException.of("plan", e.getMessage());
        }
        AccountView account = accounts.get(ws.accountId());
        accounts.update(ws.accountId(), new UpdateAccount(account.name(), chosen));
        redirect.addFlashAttribute("notice", "The account's plan is now " + chosen.wireName() + ".");
        return "redirect:/settings/plan";
    }
}
