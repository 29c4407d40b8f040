package nl.schakelpunt.portal;

import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;

/**
 * A FHIR client of the API for the signed-in person, with their own token. The pages have no other way to the data.
 */
@Component
class PortalFhir {

    private final FhirContext fhirContext;
    private final ApplicationContext application;
    private final PortalProperties properties;
    private final PortalTokens tokens;
    private volatile String base;

    PortalFhir(FhirContext fhirContext, ApplicationContext application, PortalProperties properties,
            PortalTokens tokens) {
        this.fhirContext = fhirContext;
        this.application = application;
        this.properties = properties;
        this.tokens = tokens;
        // The API's CapabilityStatement is not fetched before each client's first request: the pages know what
        // they ask. Set once, here, not on every request.
        fhirContext.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    }

    /** The client for whoever is signed in on this request. */
    IGenericClient client() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        PortalUser user = SignedIn.user(authentication);
        IGenericClient client = fhirContext.newRestfulGenericClient(base());
        client.registerInterceptor(new BearerTokenAuthInterceptor(tokens.token(authentication, user)));
        return client;
    }

    private String base() {
        if (base == null) {
            if (properties.fhirBase() != null && !properties.fhirBase().toString().isBlank()) {
                base = properties.fhirBase().toString();
            } else {
                int port = ((WebServerApplicationContext) application).getWebServer().getPort();
                String contextPath = application.getEnvironment().getProperty("server.servlet.context-path", "");
                base = "http://127.0.0.1:" + port + contextPath + "/fhir";
            }
        }
        return base;
    }
}
