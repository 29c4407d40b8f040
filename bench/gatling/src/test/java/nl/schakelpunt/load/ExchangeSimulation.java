package nl.schakelpunt.load;

import static io.gatling.javaapi.core.CoreDsl.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;

/**
 * The exchange point under load, one phase after the other, each with the same number of concurrent
 * clients (closed model: a client sends its next request when the previous one is answered):
 * <ol>
 *   <li>the qualification tests' medication query, by an out-of-hours GP (consent, role and window
 *       enforced) and, for the same patient right before or after it, by the pharmacy holding the data
 *       (the unrestricted baseline);</li>
 *   <li>{@code Patient/$locate} and {@code Patient/$summary} by BSN;</li>
 *   <li>permission changes mixed with look-ups: the patient asks online, the GP practice accepts, the
 *       patient withdraws, with a summary look-up after each step;</li>
 *   <li>holder pushes: a pharmacy sends a dispense in a transaction with the patient.</li>
 * </ol>
 * System properties: those of {@link Exchanges}, {@code bench.clients} and {@code bench.seconds} (per
 * phase).
 */
public class ExchangeSimulation extends Simulation {

    static final String WARM_UP = "warm-up: ";

    private final int clients = Integer.getInteger("bench.clients", 1);
    private final Duration phase = Duration.ofSeconds(Long.getLong("bench.seconds", 30));

    {
        Exchanges x = new Exchanges(null);
        List<ScenarioBuilder> phases = List.of(
                scenario("warm-up").exec(x.pairedLookups(WARM_UP), x.locate(WARM_UP),
                        x.summary(WARM_UP), x.permissionChanges(WARM_UP), x.holderPush(WARM_UP)),
                scenario("look-up, enforced and baseline").exec(x.pairedLookups("")),
                scenario("$locate").exec(x.locate("")),
                scenario("$summary").exec(x.summary("")),
                scenario("permission changes with look-ups").exec(x.permissionChanges("")),
                scenario("holder pushes").exec(x.holderPush("")));
        List<PopulationBuilder> runs = new ArrayList<>();
        for (int i = 0; i < phases.size(); i++) {
            Duration length = i == 0 ? phase.dividedBy(2) : phase;
            runs.add(phases.get(i).injectClosed(constantConcurrentUsers(clients).during(length)));
        }
        PopulationBuilder chain = runs.get(runs.size() - 1);
        for (int i = runs.size() - 2; i >= 0; i--) {
            chain = runs.get(i).andThen(chain);
        }
        setUp(chain).protocols(x.protocol);
    }
}
