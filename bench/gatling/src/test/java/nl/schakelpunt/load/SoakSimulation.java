package nl.schakelpunt.load;

import static io.gatling.javaapi.core.CoreDsl.*;

import java.nio.file.Path;
import java.time.Duration;

import io.gatling.javaapi.core.Simulation;

/**
 * A long run of mixed traffic at a constant number of clients (closed model, no pauses): each client
 * draws its next step at random, in proportions close to a day at the exchange point, where look-ups
 * outnumber writes:
 * <ul>
 *   <li>30%: the medication query by the out-of-hours GP and by the holding pharmacy; 5%: the holding
 *       pharmacy's query one entry a page, with the second page;</li>
 *   <li>15%: {@code Patient/$summary} by BSN; 10%: {@code Patient/$locate} by BSN;</li>
 *   <li>15%: a permission asked by the patient, accepted by the GP practice and withdrawn by the patient,
 *       with a summary look-up after each step;</li>
 *   <li>25%: a pharmacy pushes a dispense with its patient in a transaction.</li>
 * </ul>
 * Every request is also timed into {@code bench.timings} (a CSV file), from which bench/soak.sh reports
 * per interval. System properties: those of {@link Exchanges}, {@code bench.clients},
 * {@code bench.seconds} (the whole run) and {@code bench.timings}.
 */
public class SoakSimulation extends Simulation {

    private final int clients = Integer.getInteger("bench.clients", 16);
    private final Duration length = Duration.ofSeconds(Long.getLong("bench.seconds", 600));
    private final Timings timings = new Timings(Path.of(System.getProperty("bench.timings", "target/bench/timings.csv")));

    {
        Exchanges x = new Exchanges(timings);
        setUp(scenario("soak").forever().on(randomSwitch().on(
                percent(30.0).then(x.pairedLookups("")),
                percent(5.0).then(x.pagedLookup("")),
                percent(15.0).then(x.summary("")),
                percent(10.0).then(x.locate("")),
                percent(15.0).then(x.permissionChanges("")),
                percent(25.0).then(x.holderPush(""))))
                .injectClosed(constantConcurrentUsers(clients).during(length)))
                .protocols(x.protocol)
                .maxDuration(length);
    }

    @Override
    public void after() {
        timings.close();
    }
}
