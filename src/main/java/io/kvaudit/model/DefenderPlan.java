package io.kvaudit.model;

/** A Microsoft Defender for Cloud plan of a subscription (Microsoft.Security/pricings), e.g. name "KeyVaults". */
public record DefenderPlan(String name, String pricingTier, String subPlan) {}
