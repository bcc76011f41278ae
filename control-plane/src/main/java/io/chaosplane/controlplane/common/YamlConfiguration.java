package io.chaosplane.controlplane.common;

import java.util.List;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.yaml.JacksonYamlHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** Manifests may be posted as YAML too (application/yaml, application/x-yaml, text/yaml). */
@Configuration(proxyBeanMethods = false)
class YamlConfiguration implements WebMvcConfigurer {

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        JacksonYamlHttpMessageConverter converter = new JacksonYamlHttpMessageConverter(yaml);
        converter.setSupportedMediaTypes(List.of(
                MediaType.parseMediaType("application/yaml"),
                MediaType.parseMediaType("application/x-yaml"),
                MediaType.parseMediaType("text/yaml")));
        converters.add(converter);
    }
}
