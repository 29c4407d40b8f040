package nl.schakelpunt.fhirserver;

import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Meta;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;

/**
 * The system-level interactions the exchange point offers: transaction and batch bundles, nothing
 * else. HAPI's own system provider also offers system history, resource counts and maintenance
 * operations, none of which a holder or requester should reach.
 */
public class TransactionProvider {

    private final IFhirSystemDao<Bundle, Meta> systemDao;

    public TransactionProvider(IFhirSystemDao<Bundle, Meta> systemDao) {
        this.systemDao = systemDao;
    }

    @Transaction
    public Bundle transaction(RequestDetails request, @TransactionParam Bundle bundle) {
        return systemDao.transaction(request, bundle);
    }
}
