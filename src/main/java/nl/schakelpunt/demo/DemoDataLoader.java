package nl.schakelpunt.demo;

import java.time.Clock;
import java.time.LocalDate;

import org.hl7.fhir.r4.model.Bundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

import ca.uhn.fhir.jpa.api.dao.IFhirSystemDao;
import ca.uhn.fhir.rest.api.server.SystemRequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;

/**
 * Loads the demo data at start-up when {@code schakelpunt.demo.enabled} is set (the embedded
 * profile). Every resource has a fixed id and is written with PUT in one transaction, so loading
 * twice changes nothing but the dates, which move with today.
 */
@Component
@ConditionalOnProperty(prefix = "schakelpunt.demo", name = "enabled", havingValue = "true")
public class DemoDataLoader implements ApplicationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(DemoDataLoader.class);

    private final IFhirSystemDao<Bundle, ?> systemDao;
    private final Clock clock;

    public DemoDataLoader(IFhirSystemDao<Bundle, ?> systemDao, Clock clock) {
        this.systemDao = systemDao;
        this.clock = clock;
    }

    @Override
    public void run(ApplicationArguments args) {
        Bundle transaction = new DemoData(LocalDate.now(clock)).transaction();
        try {
            systemDao.transaction(new SystemRequestDetails(), transaction);
            LOG.info("Demo data in place: {} resources", transaction.getEntry().size());
        } catch (BaseServerResponseException e) {
            // Someone may have written a resource that clashes with the demo set (the same BSN
            // under another id): the server is still usable, so say why and carry on.
            LOG.warn("Demo data not loaded: {}", e.getMessage());
        }
    }
}
