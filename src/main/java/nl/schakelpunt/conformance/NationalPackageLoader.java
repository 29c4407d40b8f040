package nl.schakelpunt.conformance;

import java.util.Map;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.DaoRegistry;
import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.rest.api.SearchTotalModeEnum;
import ca.uhn.fhir.rest.api.SummaryEnum;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.util.ISearchParamRegistry;

/**
 * Stores the national packages at start-up, before the product's own guide (which may build on
 * them): each resource under its own id, tagged with its package and version. A package whose
 * resources are all stored under its tag already is left alone, so that a restart costs a few
 * counts rather than storing some 800 resources again; a new version of a package is stored anew.
 */
@Component
@Order(-10)
public class NationalPackageLoader implements ApplicationRunner {

    /** The tag system that names the package (and version) a stored resource came from. */
    public static final String PACKAGE_TAG_SYSTEM = "https://schakelpunt.nl/fhir/CodeSystem/package";

    private static final Logger LOG = LoggerFactory.getLogger(NationalPackageLoader.class);

    private final NationalPackages packages;
    private final IFhirSystemDao<Bundle, ?> systemDao;
    private final DaoRegistry daos;
    private final ISearchParamRegistry searchParamRegistry;

    public NationalPackageLoader(NationalPackages packages, IFhirSystemDao<Bundle, ?> systemDao, DaoRegistry daos,
            ISearchParamRegistry searchParamRegistry) {
        this.packages = packages;
        this.systemDao = systemDao;
        this.daos = daos;
        this.searchParamRegistry = searchParamRegistry;
    }

    @Override
    public void run(ApplicationArguments args) {
        boolean stored = false;
        for (NationalPackages.Package pkg : packages.packages()) {
            if (inPlace(pkg)) {
                LOG.info("National package {} in place: {}", pkg.tag(), pkg.counts());
                continue;
            }
            Bundle transaction = new Bundle().setType(Bundle.BundleType.TRANSACTION);
            packages.forEachResource(pkg, resource -> {
                if (NationalPackages.indexable(resource)) {
                    resource.getMeta().addTag(PACKAGE_TAG_SYSTEM, pkg.tag(), null);
                    String url = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
                    transaction.addEntry().setFullUrl(url).setResource(resource)
                            .getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl(url);
                }
            });
            systemDao.transaction(new SystemRequestDetails(), transaction);
            stored = true;
            LOG.info("National package {} stored: {}", pkg.tag(), pkg.counts());
        }
        if (stored) {
            searchParamRegistry.forceRefresh();
        }
    }

    private boolean inPlace(NationalPackages.Package pkg) {
        for (Map.Entry<String, Long> type : pkg.counts().entrySet()) {
            SearchParameterMap query = SearchParameterMap.newSynchronous()
                    .add("_tag", new TokenParam(PACKAGE_TAG_SYSTEM, pkg.tag()));
            query.setSummaryMode(SummaryEnum.COUNT);
            query.setSearchTotalMode(SearchTotalModeEnum.ACCURATE);
            Integer count = daos.getResourceDao(type.getKey()).search(query, new SystemRequestDetails()).size();
            if (count == null || count.longValue() != type.getValue()) {
                return false;
            }
        }
        return true;
    }
}
