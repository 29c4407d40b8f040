package nl.schakelpunt.portal;

import java.util.Optional;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.stereotype.Component;

/**
 * The bearer token the pages send to the FHIR API for the signed-in person: their own, so that every page acts through
 * the same door, rules and audit as any client. A demo sign-in gets one from the demo issuer; an OpenID Connect
 * sign-in forwards the access token of its login.
 */
@Component
class PortalTokens {

    private final Optional<DemoSignIn> demo;
    private final ObjectProvider<OAuth2AuthorizedClientService> authorizedClients;

    PortalTokens(Optional<DemoSignIn> demo, ObjectProvider<OAuth2AuthorizedClientService> authorizedClients) {
        this.demo = demo;
        this.authorizedClients = authorizedClients;
    }

    String token(Authentication authentication, PortalUser user) {
        if (authentication instanceof OAuth2AuthenticationToken login) {
            OAuth2AuthorizedClientService service = authorizedClients.getIfAvailable();
            OAuth2AuthorizedClient client = service == null ? null
                    : service.loadAuthorizedClient(login.getAuthorizedClientRegistrationId(), login.getName());
            if (client == null) {
                throw new SignInExpiredException();
            }
            return client.getAccessToken().getTokenValue();
        }
        return demo.orElseThrow(SignInExpiredException::new).token(user);
    }

    /** The login behind the session is gone (server restarted, token store cleared): sign in again. */
    static final class SignInExpiredException extends RuntimeException {
        SignInExpiredException() {
            super("The sign-in has expired");
        }
    }
}
