-- CreateTable
CREATE TABLE "sign_in_attempt" (
    "email" TEXT NOT NULL,
    "attempts" INTEGER NOT NULL,
    "windowStartedAt" TIMESTAMPTZ(3) NOT NULL,
    "lockedUntil" TIMESTAMPTZ(3),
    "lockouts" INTEGER NOT NULL DEFAULT 0,
    "lastAttemptAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sign_in_attempt_pkey" PRIMARY KEY ("email")
);

-- CreateIndex
CREATE INDEX "sign_in_attempt_lastAttemptAt_idx" ON "sign_in_attempt"("lastAttemptAt");
