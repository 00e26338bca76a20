fail("VARS[\"who\"] is required")
