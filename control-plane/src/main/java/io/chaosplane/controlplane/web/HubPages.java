package io.chaosplane.controlplane.web;

import io.chaosplane.controlplane.access.Permission;
import io.chaosplane.controlplane.hub.MarketplaceDtos.InstallView;
import io.chaosplane.controlplane.hub.MarketplaceDtos.PackageView;
import io.chaosplane.controlplane.hub.MarketplaceService;
import io.chaosplane.service.web.ConflictException;
import io.chaosplane.service.web.FieldProblem;
import io.chaosplane.service.web.InvalidInputException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The scenario hub: packages filtered by category and provider, one package with its file, and an install form
 * built from its parameters (form fields named {@code p.<parameter>}).
 */
@Controller
class HubPages {

    private static final String FIELD = "p.";

    private final MarketplaceService marketplace;

    HubPages(MarketplaceService marketplace) {
        this.marketplace = marketplace;
    }

    @GetMapping("/hub")
    String list(
            Workspace ws,
            @RequestParam(required = false) String category,
            @RequestParam(required = false) String provider,
            @RequestParam(defaultValue = "1") int page,
            Model model) {
        model.addAttribute(
                "page", PageView.of(marketplace.packages(ws.scope(), category, provider, PageView.paging(page))));
        model.addAttribute("facets", marketplace.facets(ws.scope()));
        model.addAttribute("category", category == null ? "" : category);
        model.addAttribute("provider", provider == null ? "" : provider);
        return "hub/list";
    }

    @GetMapping("/hub/packages/{id}")
    String view(Workspace ws, @PathVariable String id, Model model) {
        return page(marketplace.get(ws.scope(), id), Map.of(), List.of(), model);
    }

    @PostMapping("/hub/packages/{id}/install")
    String install(
            Workspace ws,
            @PathVariable String id,
            @RequestParam Map<String, String> form,
            RedirectAttributes redirect,
            Model model) {
        ws.require(Permission.MANAGE);
        PackageView pkg = marketplace.get(ws.scope(), id);
        Map<String, String> values = new LinkedHashMap<>();
        form.forEach((key, value) -> {
            if (key.startsWith(FIELD) && !value.isBlank()) {
                values.put(key.substring(FIELD.length()), value.strip());
            }
        });
        try {
            InstallView installed = marketplace.install(ws.scope(), id, values);
            redirect.addFlashAttribute(
                    "notice",
                    "Package " + pkg.name() + " " + installed.change() + ": experiments "
                            + String.join(
                                    ", ",
                                    installed.experiments().stream()
                                            .map(w -> w.name() + " (" + w.change() + ")")
                                            .toList())
                            + (installed.workflows().isEmpty()
                                    ? ""
                                    : "; workflows waiting for review "
                                            + String.join(
                                                    ", ",
                                                    installed.workflows().stream()
                                                            .map(w -> w.name() + " (" + w.change() + ")")
                                                            .toList()))
                            + ".");
            return "redirect:/experiments";
        } catch (InvalidInputException invalid) {
            return page(pkg, values, invalid.fieldProblems(), model);
        } catch (ConflictException refused) {
            return page(pkg, values, List.of(new FieldProblem("package", refused.getMessage())), model);
        }
    }

    private static String page(PackageView pkg, Map<String, String> values, List<FieldProblem> problems, Model model) {
        model.addAttribute("pkg", pkg);
        model.addAttribute("values", values);
        model.addAttribute("problems", problems);
        return "hub/view";
    }
}
