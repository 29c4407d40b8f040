package nl.schakelpunt.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import nl.schakelpunt.identity.IdentifierCheck;

/** The generator's promises that the load figures rest on: valid, distinct BSNs and the state shares. */
class PopulationTest {

    @Test
    void everyPatientOfAMillionHasItsOwnValidBsnOutsideTheDemoRange() {
        Set<String> seen = new HashSet<>();
        for (int n = 0; n < 1_000_000; n++) {
            String bsn = Population.bsn(n);
            assertThat(seen.add(bsn)).as("BSN of patient %d is unique", n).isTrue();
            if (n % 997 == 0) {
                assertThat(IdentifierCheck.bsn(bsn)).as("BSN %s", bsn).isEmpty();
                assertThat(bsn).doesNotStartWith("9999");
            }
        }
        assertThat(Population.bsn(0)).startsWith("9000");
        assertThat(Population.bsn(999_999)).startsWith("91");
    }

    @Test
    void aboutHalfOfThePatientHolderPairsMadeNoChoice() {
        assertThat(Population.STATE_PER_MILLE.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(1000);
        assertThat(Population.STATE_PER_MILLE.get(Population.State.NONE)).isEqualTo(500);
        assertThat(Population.STATE_PER_MILLE.keySet()).containsExactlyInAnyOrder(Population.State.values());
    }
}
