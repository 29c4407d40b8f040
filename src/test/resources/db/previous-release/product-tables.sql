-- The product's own tables as the last release without migrations (0fca622) made them at start-up,
-- statement for statement; PermissionIndex made sp_permission only when it was missing.
CREATE TABLE IF NOT EXISTS sp_patient_bsn (bsn VARCHAR(9) NOT NULL PRIMARY KEY, patient_id VARCHAR(100) NOT NULL);
CREATE INDEX IF NOT EXISTS sp_patient_bsn_patient ON sp_patient_bsn (patient_id);
CREATE TABLE IF NOT EXISTS sp_audit_event (id VARCHAR(64) NOT NULL PRIMARY KEY, seq BIGINT GENERATED ALWAYS AS IDENTITY, recorded TIMESTAMP NOT NULL, outcome VARCHAR(2) NOT NULL, event TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sp_audit_patient_view (patient_id VARCHAR(100) NOT NULL, event_id VARCHAR(64) NOT NULL, seq BIGINT GENERATED ALWAYS AS IDENTITY, recorded TIMESTAMP NOT NULL, event TEXT NOT NULL, PRIMARY KEY (patient_id, event_id));
CREATE INDEX IF NOT EXISTS sp_audit_event_recorded ON sp_audit_event (recorded);
CREATE INDEX IF NOT EXISTS sp_audit_patient_view_recorded ON sp_audit_patient_view (patient_id, recorded, seq);
CREATE INDEX IF NOT EXISTS sp_audit_patient_view_age ON sp_audit_patient_view (recorded);
CREATE TABLE IF NOT EXISTS sp_search_owner (search_id VARCHAR(100) NOT NULL PRIMARY KEY, requester VARCHAR(1000) NOT NULL, created TIMESTAMP NOT NULL);
CREATE INDEX IF NOT EXISTS sp_search_owner_created ON sp_search_owner (created);
CREATE TABLE IF NOT EXISTS sp_patient_registration (patient_id VARCHAR(100) NOT NULL, organization_id VARCHAR(100) NOT NULL, PRIMARY KEY (patient_id, organization_id));
CREATE TABLE sp_permission (consent_id VARCHAR(100) NOT NULL PRIMARY KEY, patient_id VARCHAR(100) NOT NULL, consent TEXT NOT NULL);
CREATE INDEX sp_permission_patient ON sp_permission (patient_id);
CREATE TABLE IF NOT EXISTS sp_emergency_regime (id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, start_at TIMESTAMP NOT NULL, end_at TIMESTAMP NOT NULL, switched_off_at TIMESTAMP, switched_by VARCHAR(200) NOT NULL);
