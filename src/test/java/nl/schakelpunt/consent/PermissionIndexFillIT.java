package nl.schakelpunt.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import nl.schakelpunt.support.ServerTest;

/**
 * An empty permission index beside stored Consents (a database of a release before the index, whose
 * table the migrations have just made) is filled from those Consents at start-up; a filled one is left alone.
 */
class PermissionIndexFillIT extends ServerTest {

    private static final String ROWS = "SELECT consent_id, patient_id FROM " + PermissionIndex.TABLE + " ORDER BY consent_id";

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private PermissionIndex index;

    @Test
    void anEmptyIndexIsFilledFromTheStoredConsentsAndAFilledOneIsLeftAlone() {
        List<Map<String, Object>> before = jdbc.queryForList(ROWS);
        assertThat(before).as("the demo data's permissions").isNotEmpty();
        assertThat(index.fillIfEmpty()).isZero();

        jdbc.update("DELETE FROM " + PermissionIndex.TABLE);
        assertThat(index.fillIfEmpty()).isEqualTo(before.size());
        assertThat(jdbc.queryForList(ROWS)).isEqualTo(before);
    }
}
