((e.type = 'MarkVerified' AND e.result = 'NOK') OR e.failure_code LIKE 'MARKER\_%')
