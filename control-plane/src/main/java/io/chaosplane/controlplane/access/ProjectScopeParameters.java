package io.chaosplane.controlplane.access;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.Parameter;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.springdoc.core.customizers.GlobalOperationCustomizer;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Controllers take a {@link ProjectScope} instead of the pair of {@code organizationIdentifier} and {@code
 * projectIdentifier} parameters: this resolves it from the path (as in {@code /orgs/{organizationIdentifier}/...})
 * or else from the query, and shows the pair in the OpenAPI document as the controller used to declare it.
 */
@Configuration(proxyBeanMethods = false)
class ProjectScopeParameters implements WebMvcConfigurer, GlobalOperationCustomizer {

    private static final String ORGANIZATION = "organizationIdentifier";
    private static final String PROJECT = "projectIdentifier";

    private final ProjectScopes scopes;

    ProjectScopeParameters(ProjectScopes scopes) {
        this.scopes = scopes;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new HandlerMethodArgumentResolver() {
            @Override
            public boolean supportsParameter(MethodParameter parameter) {
                return parameter.getParameterType() == ProjectScope.class;
            }

            @Override
            public Object resolveArgument(
                    MethodParameter parameter,
                    ModelAndViewContainer container,
                    NativeWebRequest request,
                    WebDataBinderFactory binders) {
                return scopes.resolve(value(request, ORGANIZATION), value(request, PROJECT));
            }
        });
    }

    /** The path variable, else the query parameter; repeated ones joined by commas, as a String parameter is. */
    private static String value(NativeWebRequest request, String name) {
        if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE, NativeWebRequest.SCOPE_REQUEST)
                        instanceof Map<?, ?> variables
                && variables.get(name) instanceof String fromPath) {
            return fromPath;
        }
        String[] values = request.getNativeRequest(HttpServletRequest.class).getParameterValues(name);
        return values == null ? null : String.join(",", values);
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        boolean takesScope = Arrays.stream(handler.getMethodParameters())
                .anyMatch(parameter -> parameter.getParameterType() == ProjectScope.class);
        if (!takesScope) {
            return operation;
        }
        boolean inPath = paths(handler).anyMatch(path -> path.contains("{" + ORGANIZATION + "}"));
        List<String> present = operation.getParameters() == null
                ? List.of()
                : operation.getParameters().stream().map(Parameter::getName).toList();
        if (!present.contains(ORGANIZATION)) {
            operation.addParametersItem(parameter(
                    ORGANIZATION,
                    inPath,
                    inPath ? "The organization" : "Defaults to the API key's organization, else 'default'"));
        }
        if (!present.contains(PROJECT)) {
            operation.addParametersItem(parameter(
                    PROJECT,
                    inPath,
                    (inPath ? "The project" : "Defaults to the API key's project, else 'default_project'")
                            + "; a project the caller cannot see answers 404"));
        }
        return operation;
    }

    private static Parameter parameter(String name, boolean inPath, String description) {
        return new Parameter()
                .name(name)
                .in(inPath ? "path" : "query")
                .required(inPath)
                .description(description)
                .schema(new StringSchema());
    }

    /** The handler's path patterns, the class's joined with the method's. */
    private static Stream<String> paths(HandlerMethod handler) {
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String[] prefixes = type == null || type.path().length == 0 ? new String[] {""} : type.path();
        String[] suffixes = method == null || method.path().length == 0 ? new String[] {""} : method.path();
        return Arrays.stream(prefixes).flatMap(prefix -> Arrays.stream(suffixes).map(suffix -> prefix + suffix));
    }
}
