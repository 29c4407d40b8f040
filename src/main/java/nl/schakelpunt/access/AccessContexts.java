package nl.schakelpunt.access;

import java.security.Principal;
import java.util.Optional;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.i18n.Msg;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.AuthenticationException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.OperationOutcomes;
import nl.schakelpunt.identity.Requester;
import nl.schakelpunt.identity.RequesterAuthentication;

/**
 * Finds the {@link AccessContext} of a request. A request that came in over HTTP always has one,
 * or is refused; a request without a servlet request is the server's own (loading the
 * implementation guide or the demo data) and has none.
 */
@Component
public class AccessContexts {

    private static final String ATTRIBUTE = AccessContext.class.getName();

    private final RequesterDirectory directory;
    private final AccessProperties properties;
    private final RecordShares recordShares;

    public AccessContexts(RequesterDirectory directory, AccessProperties properties, RecordShares recordShares) {
        this.directory = directory;
        this.properties = properties;
        this.recordShares = recordShares;
    }

    /**
     * The context of an HTTP request, or empty for the server's own work; resolved once, then kept
     * in the request details (which the entries of a batch share with their bundle).
     */
    public Optional<AccessContext> of(RequestDetails request) {
        if (!isHttp(request)) {
            return Optional.empty();
        }
        if (request.getUserData().get(ATTRIBUTE) instanceof AccessContext context) {
            return Optional.of(context);
        }
        Principal principal = ((ServletRequestDetails) request).getServletRequest().getUserPrincipal();
        if (!(principal instanceof RequesterAuthentication authentication)) {
            throw new AuthenticationException("No authenticated requester");
        }
        AccessContext context = resolve(authentication.requester());
        request.getUserData().put(ATTRIBUTE, context);
        return Optional.of(context);
    }

    /** The context of an HTTP request; refused without an authenticated requester. */
    public AccessContext require(RequestDetails request) {
        return of(request).orElseThrow(() -> new AuthenticationException("No authenticated requester"));
    }

    /** Whether a request came in over HTTP, rather than being the server's own work. */
    public static boolean isHttp(RequestDetails request) {
        return request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null;
    }

    /** The context of a request if it has been resolved already; never looks anything up. */
    public static Optional<AccessContext> resolvedFor(RequestDetails request) {
        return request != null && request.getUserData().get(ATTRIBUTE) instanceof AccessContext context
                ? Optional.of(context) : Optional.empty();
    }

    /** The requester of an HTTP request, if it was authenticated, without looking anything up. */
    public static Optional<Requester> requesterOf(HttpServletRequest request) {
        return request.getUserPrincipal() instanceof RequesterAuthentication authentication
                ? Optional.of(authentication.requester()) : Optional.empty();
    }

    private AccessContext resolve(Requester requester) {
        return switch (requester.kind()) {
            case ORGANIZATION, PROFESSIONAL -> {
                RequesterDirectory.RegisteredOrganization organization = directory
                        .organizationByUra(requester.organizationUra())
                        .orElseThrow(() -> forbidden("The organisation with URA " + requester.organizationUra()
                                + " is not registered at the exchange point"));
                if (!organization.active()) {
                    throw forbidden("The organisation with URA " + requester.organizationUra() + " is not active");
                }
                if (!organization.types().contains(requester.organizationType())) {
                    throw forbidden("The token's organization_type " + requester.organizationType()
                            + " is not a type of the organisation registered with URA " + requester.organizationUra());
                }
                boolean holder = organization.types().stream().anyMatch(properties.holderTypes()::contains);
                yield new AccessContext(requester, organization.id(), holder, null);
            }
            case PATIENT -> new AccessContext(requester, null, false,
                    directory.patientIdByBsn(requester.patientBsn()).orElse(null),
                    recordShares.sharedWith(requester.patientBsn()));
            case OPERATOR -> new AccessContext(requester, null, false, null);
        };
    }

    /**
     * What HAPI answers for a resource that does not exist, word for word: a resource the requester
     * may not see gets exactly this answer, so that withheld cannot be told from missing.
     */
    public static ResourceNotFoundException notKnown(String type, String id) {
        return new ResourceNotFoundException(Msg.code(2001) + "Resource " + new IdType(type + "/" + id) + " is not known");
    }

    public static ForbiddenOperationException forbidden(String message) {
        OperationOutcome outcome = OperationOutcomes.error("forbidden", null, message);
        return new ForbiddenOperationException(message, outcome);
    }
}
