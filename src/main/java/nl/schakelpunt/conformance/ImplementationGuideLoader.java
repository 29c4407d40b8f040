package nl.schakelpunt.conformance;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

/**
 * Stores the implementation guide's conformance resources at start-up, each under its own id in
 * one transaction: an unchanged resource is left as it is, a changed one gets a new version. The
 * search parameter registry is refreshed at once, so custom parameters work on the first request.
 * (HAPI's package installer is not used: it keeps a stored copy per package version and would
 * install an outdated copy when the guide changes without a version bump.)
 */
@Component
@Order(0)
public class ImplementationGuideLoader implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ImplementationGuideLoader.class);

    private final ImplementationGuide guide;
    private final IFhirSystemDao<Bundle, ?> systemDao;
    private final ISearchParamRegistry searchParamRegistry;

    public ImplementationGuideLoader(ImplementationGuide guide, IFhirSystemDao<Bundle, ?> systemDao,
            ISearchParamRegistry searchParamRegistry) {
        this.guide = guide;
        this.systemDao = systemDao;
        this.searchParamRegistry = searchParamRegistry;
    }

    @Override
    public void run(ApplicationArguments args) {
        Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        for (Resource resource : guide.conformanceResources()) {
            String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            transaction.addEntry().setFullUrl(url).setResource(resource)
                    .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
        }
        systemDao.transaction(new SystemRequestDetails(), transaction);
        searchParamRegistry.forceRefresh();
        LOG.info("Implementation guide {}#{} in place: {} conformance resources",
                guide.name(), guide.version(), transaction.getEntry().size());
    }
}
