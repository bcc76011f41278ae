package io.chaosplane.controlplane.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.web.MockHttpServletRequest;

/** Only the agents' confirm calls go unauthenticated, at their exact paths: nothing else that ends the same way. */
class AgentAuthenticationFilterTest {

    private final AgentAuthenticationFilter filter = new AgentAuthenticationFilter(null, null, null);

    private boolean skipsAuthentication(String path) {
        return filter.shouldNotFilter(new MockHttpServletRequest("POST", path));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/chaos/lserver/api/infra/confirm",
                "/chaos/kserver/api/infra/confirm",
                "/gratis/chaos/lserver/api/infra/confirm",
                "/gratis/chaos/kserver/api/infra/confirm",
                "/gateway/chaos/lserver/api/infra/confirm",
                "/gateway/chaos/kserver/api/infra/confirm"
            })
    void theConfirmCallsAreLeftToTheirController(String path) {
        assertThat(skipsAuthentication(path)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/chaos/lserver/api/infra/task/infra/confirm",
                "/chaos/kserver/api/infra/v2/task/response/x/infra/confirm",
                "/chaos/anything/infra/confirm",
                "/gratis/chaos/lserver/api/infra/confirm/infra/confirm",
                "/chaos/lserver/api/infra/confirm/",
                "/chaos/lserver/api/infra/confirm;jsessionid=x",
                "/chaos/lserver/api/infra/status"
            })
    void everyOtherPathIsAuthenticatedEvenIfItEndsLikeConfirm(String path) {
        assertThat(skipsAuthentication(path)).isFalse();
    }
}
