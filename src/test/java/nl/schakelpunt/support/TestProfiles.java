package nl.schakelpunt.support;

import org.springframework.test.context.ActiveProfilesResolver;

/** Runs the suite in the profile of the chosen database: embedded (H2) or postgres. */
public class TestProfiles implements ActiveProfilesResolver {

    @Override
    public String[] resolve(Class<?> testClass) {
        return new String[] {TestDatabase.isPostgres() ? "postgres" : "embedded"};
    }
}
