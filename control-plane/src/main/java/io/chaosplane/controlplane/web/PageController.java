package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.tenancy.AccessGuard;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The web UI's pages. */
@Controller
class PageController {

    private final AccessGuard guard;

    PageController(AccessGuard guard) {
        this.guard = guard;
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("caller", guard.caller());
        return "home";
    }
}
