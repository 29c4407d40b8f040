package nl.schakelpunt.access;

import java.time.Clock;
import java.time.Instant;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.jpa.api.config.JpaStorageSettings;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.RestOperationTypeEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import jakarta.servlet.http.HttpServletRequest;
import nl.schakelpunt.fhirserver.RequestInterceptor;
import nl.schakelpunt.identity.Requester;

/**
 * A page of search results is served only to the requester whose search made it. The pages of a
 * search are narrowed for that requester, and its total counts what that requester may see; another
 * requester holding the link gets the answer of a search that does not exist (410), on every node.
 */
@Component
@Interceptor
public class SearchOwners implements RequestInterceptor {

    static final String TABLE = "sp_search_owner";
    private static final Pattern PAGE_ID = Pattern.compile("[?&]" + Constants.PARAM_PAGINGACTION + "=([^&]+)");

    private static final Logger LOG = LoggerFactory.getLogger(SearchOwners.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;
    private final SearchOwnerProperties properties;

    public SearchOwners(JdbcTemplate jdbc, Clock clock, SearchOwnerProperties properties, JpaStorageSettings storage) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
        Long expiry = storage.getExpireSearchResultsAfterMillis();
        if (expiry != null && properties.retention().toMillis() < expiry) {
            throw new IllegalArgumentException("schakelpunt.access.search-owners.retention (" + properties.retention()
                    + ") is shorter than the time HAPI keeps a search's pages (" + expiry + " ms): pages would be"
                    + " refused before they expire");
        }
    }

    /**
     * Forgets the owners of searches older than the retention: HAPI has expired their pages by then, and the table
     * would otherwise grow with every paged search.
     */
    @Scheduled(initialDelayString = "${schakelpunt.access.search-owners.cleanup-interval}",
            fixedDelayString = "${schakelpunt.access.search-owners.cleanup-interval}")
    public void forgetExpired() {
        int forgotten = forgetOlderThan(clock.instant().minus(properties.retention()));
        LOG.debug("Forgot the owners of {} expired searches", forgotten);
    }

    /** Forgets the owners of searches made before this moment; answers how many. */
    public int forgetOlderThan(Instant moment) {
        return jdbc.update("DELETE FROM " + TABLE + " WHERE created < ?", Timestamp.from(moment));
    }

    /** Remembers who made a search whose answer links to further pages. */
    @Hook(Pointcut.SERVER_OUTGOING_RESPONSE)
    public boolean remember(IBaseResource response, HttpServletRequest request) {
        if (!(response instanceof Bundle bundle)) {
            return true;
        }
        Optional<Requester> requester = AccessContexts.requesterOf(request);
        if (requester.isEmpty()) {
            return true;
        }
        for (Bundle.BundleLinkComponent link : bundle.getLink()) {
            Matcher page = link.getUrl() == null ? null : PAGE_ID.matcher(link.getUrl());
            if (page != null && page.find() && ownerOf(page.group(1)).isEmpty()) {
                jdbc.update("INSERT INTO " + TABLE + " (search_id, requester, created) VALUES (?, ?, ?)",
                        page.group(1), keyOf(requester.get()), Timestamp.from(clock.instant()));
            }
        }
        return true;
    }

    /** Refuses a page to anyone but the requester whose search made it. */
    @Hook(value = Pointcut.SERVER_INCOMING_REQUEST_POST_PROCESSED, order = -500)
    public boolean check(RequestDetails details, HttpServletRequest request) {
        if (details.getRestOperationType() != RestOperationTypeEnum.GET_PAGE) {
            return true;
        }
        String[] ids = details.getParameters().get(Constants.PARAM_PAGINGACTION);
        String id = ids == null || ids.length == 0 ? "" : ids[0];
        Optional<String> owner = ownerOf(id);
        Optional<Requester> requester = AccessContexts.requesterOf(request);
        if (owner.isEmpty() || requester.isEmpty() || !owner.get().equals(keyOf(requester.get()))) {
            throw new ResourceGoneException("Search id \"" + id + "\" does not exist and may have expired");
        }
        return true;
    }

    private Optional<String> ownerOf(String searchId) {
        List<String> owners = jdbc.queryForList("SELECT requester FROM " + TABLE + " WHERE search_id = ?",
                String.class, searchId);
        return owners.stream().findFirst();
    }

    /** Everything the token says about who asks: the same key means the same requester. */
    private static String keyOf(Requester requester) {
        return String.join("|", String.valueOf(requester.issuer()), String.valueOf(requester.subject()),
                requester.kind().claimValue(), String.valueOf(requester.organizationUra()),
                String.valueOf(requester.uziNumber()), String.valueOf(requester.patientBsn()),
                String.valueOf(requester.purposeOfUse()), requester.scopes().toString());
    }
}
