package io.chaosplane.controlplane.common;

import io.chaosplane.service.web.StrictText;
import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Manifests may be posted as YAML too (application/yaml, application/x-yaml, text/yaml), read as JSON is. */
@Configuration(proxyBeanMethods = false)
class YamlConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        // read as strictly as JSON: no NUL ("\0" in a quoted scalar), the member named
        JacksonYamlHttpMessageConverter converter = new JacksonYamlHttpMessageConverter(yaml) {
            @Override
            protected ObjectReader customizeReader(ObjectReader reader, JavaType javaType) {
                return StrictText.reader(super.customizeReader(reader, javaType));
            }
        };
        converter.setSupportedMediaTypes(List.of(
                MediaType.parseMediaType("application/yaml"),
                MediaType.parseMediaType("application/x-yaml"),
                MediaType.parseMediaType("text/yaml")));
        // in place of Spring's own YAML converter, which reads without these settings
        converters.removeIf(existing -> existing instanceof JacksonYamlHttpMessageConverter);
        converters.add(converter);
    }
}
