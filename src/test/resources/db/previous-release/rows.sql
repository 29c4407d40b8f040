-- A few rows such a release left behind: a patient's BSN, an event of their audit trail and their view
-- of it, a permission in the index, who made a paged search, a registration and an emergency regime
-- that is still on.
INSERT INTO sp_patient_bsn (bsn, patient_id) VALUES ('999911120', 'earlier-patient');
INSERT INTO sp_audit_event (id, recorded, outcome, event) VALUES ('earlier-event', LOCALTIMESTAMP - INTERVAL '1' DAY, '0',
  '{"resourceType":"AuditEvent","id":"earlier-event","recorded":"2026-11-30T10:00:00Z","outcome":"0"}');
INSERT INTO sp_audit_patient_view (patient_id, event_id, recorded, event) VALUES ('earlier-patient', 'earlier-event',
  LOCALTIMESTAMP - INTERVAL '1' DAY, '{"resourceType":"AuditEvent","id":"earlier-event","recorded":"2026-11-30T10:00:00Z","outcome":"0","outcomeDesc":"seen by the patient"}');
INSERT INTO sp_permission (consent_id, patient_id, consent) VALUES ('earlier-permission', 'earlier-patient',
  '{"resourceType":"Consent","id":"earlier-permission","status":"active","patient":{"reference":"Patient/earlier-patient"}}');
INSERT INTO sp_search_owner (search_id, requester, created) VALUES ('earlier-search', 'earlier-requester', LOCALTIMESTAMP);
INSERT INTO sp_patient_registration (patient_id, organization_id) VALUES ('earlier-patient', 'gp-de-linde');
INSERT INTO sp_emergency_regime (start_at, end_at, switched_by) VALUES (LOCALTIMESTAMP - INTERVAL '1' DAY,
  LOCALTIMESTAMP + INTERVAL '10' DAY, 'operator');
