package io.chaosplane.controlplane.experiment;

import io.chaosplane.protocol.catalog.FaultCatalog;
import io.chaosplane.protocol.catalog.FaultDefinition;
import io.chaosplane.service.web.NotFoundException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Every fault the agents support, with its inputs, types, defaults and limits: enough for a UI to build a form. */
@RestController
@Tag(name = "Faults", description = "The fault catalogue")
class FaultCatalogController {

    record FaultList(List<FaultDefinition> items, int total) {}

    private final FaultCatalog catalog;

    FaultCatalogController(FaultCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/v1/faults")
    @Operation(summary = "List the fault catalogue")
    FaultList list() {
        List<FaultDefinition> faults = catalog.faults();
        return new FaultList(faults, faults.size());
    }

    @GetMapping("/api/v1/faults/{name}")
    @Operation(summary = "Get one fault of the catalogue")
    FaultDefinition get(@PathVariable String name) {
        return catalog.find(name).orElseThrow(() -> new NotFoundException("fault '" + name + "' not found"));
    }

    @Configuration(proxyBeanMethods = false)
    static class CatalogConfiguration {
        @Bean
        FaultCatalog faultCatalog() {
            return FaultCatalog.standard();
        }
    }
}
