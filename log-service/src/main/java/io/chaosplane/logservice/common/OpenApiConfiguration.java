package io.chaosplane.logservice.common;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeIn;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "ChaosPlane log service", version = "v1", description = """
        Execution log streams (seed 001, "Log Management"). Agents open a stream, append lines with PUT \
        /log-service/stream and close it; browsers read pages of lines or follow them as Server-Sent Events. \
        Every route also answers behind the /gateway prefix. Calls carry an X-Harness-Token minted by the control \
        plane: WRITE for agents, READ for browsers, scoped to one account and a stream key prefix."""))
@SecurityScheme(
        name = OpenApiConfiguration.LOG_TOKEN,
        type = SecuritySchemeType.APIKEY,
        in = SecuritySchemeIn.HEADER,
        paramName = "X-Harness-Token",
        description = "Signed log-stream token (v1.<claims>.<HMAC-SHA256>)")
class OpenApiConfiguration {

    static final String LOG_TOKEN = "logToken";
}
