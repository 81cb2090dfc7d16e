-- Strategy: initiatives, their cost ledger and benefits, compute rates; measured compute on job_run.
-- CreateEnum
CREATE TYPE "InitiativeStage" AS ENUM ('idea', 'pilot', 'production', 'retired');

-- CreateEnum
CREATE TYPE "CostCategory" AS ENUM ('hardware', 'software', 'people', 'other');

-- CreateEnum
CREATE TYPE "BenefitType" AS ENUM ('direct', 'indirect', 'long_term');

-- CreateEnum
CREATE TYPE "LedgerRecurrence" AS ENUM ('one_off', 'monthly', 'yearly');

-- AlterTable
ALTER TABLE "job_run" ADD COLUMN     "computeBackend" TEXT,
ADD COLUMN     "cpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "gpuSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0,
ADD COLUMN     "wallSeconds" DOUBLE PRECISION NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "initiative" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "owner" TEXT NOT NULL,
    "vertical" TEXT,
    "app" TEXT,
    "stage" "InitiativeStage" NOT NULL,
    "startDate" DATE NOT NULL,
    "horizonYears" INTEGER NOT NULL,
    "discountRate" DOUBLE PRECISION NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "initiative_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "initiative_model" (
    "initiativeId" TEXT NOT NULL,
    "modelId" TEXT NOT NULL,

    CONSTRAINT "initiative_model_pkey" PRIMARY KEY ("initiativeId","modelId")
);

-- CreateTable
CREATE TABLE "cost_entry" (
    "id" TEXT NOT NULL,
    "initiativeId" TEXT NOT NULL,
    "category" "CostCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "recurrence" "LedgerRecurrence" NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "cost_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "benefit_entry" (
    "id" TEXT NOT NULL,
    "initiativeId" TEXT NOT NULL,
    "type" "BenefitType" NOT NULL,
    "description" TEXT NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "recurrence" "LedgerRecurrence" NOT NULL,
    "startDate" DATE NOT NULL,
    "endDate" DATE,
    "confidence" DOUBLE PRECISION NOT NULL DEFAULT 1,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "benefit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "strategy_setting" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "cpuHourRate" DOUBLE PRECISION NOT NULL,
    "gpuHourRate" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "strategy_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "initiative_name_key" ON "initiative"("name");

-- CreateIndex
CREATE UNIQUE INDEX "initiative_app_key" ON "initiative"("app");

-- CreateIndex
CREATE INDEX "cost_entry_initiativeId_idx" ON "cost_entry"("initiativeId");

-- CreateIndex
CREATE INDEX "benefit_entry_initiativeId_idx" ON "benefit_entry"("initiativeId");

-- AddForeignKey
ALTER TABLE "initiative_model" ADD CONSTRAINT "initiative_model_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "initiative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "cost_entry" ADD CONSTRAINT "cost_entry_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "initiative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "benefit_entry" ADD CONSTRAINT "benefit_entry_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "initiative"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "StrategyRiskCategory" AS ENUM ('technical', 'market', 'legal');

-- CreateEnum
CREATE TYPE "StrategyRiskStatus" AS ENUM ('open', 'mitigating', 'closed');

-- CreateTable
CREATE TABLE "strategy_risk" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "category" "StrategyRiskCategory" NOT NULL,
    "likelihood" INTEGER NOT NULL,
    "impact" INTEGER NOT NULL,
    "owner" TEXT NOT NULL,
    "mitigation" TEXT NOT NULL,
    "status" "StrategyRiskStatus" NOT NULL DEFAULT 'open',
    "reviewDate" DATE NOT NULL,
    "initiativeId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "strategy_risk_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "strategy_risk_status_idx" ON "strategy_risk"("status");

-- AddForeignKey
ALTER TABLE "strategy_risk" ADD CONSTRAINT "strategy_risk_initiativeId_fkey" FOREIGN KEY ("initiativeId") REFERENCES "initiative"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The service validates all of these with clear messages; the checks keep hand-written SQL honest too.
ALTER TABLE "initiative" ADD CONSTRAINT "initiative_horizon_check" CHECK ("horizonYears" BETWEEN 1 AND 30);
ALTER TABLE "initiative" ADD CONSTRAINT "initiative_discount_rate_check" CHECK ("discountRate" >= 0 AND "discountRate" <= 1);
ALTER TABLE "cost_entry" ADD CONSTRAINT "cost_entry_amount_check" CHECK ("amount" > 0);
ALTER TABLE "cost_entry" ADD CONSTRAINT "cost_entry_dates_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate");
ALTER TABLE "benefit_entry" ADD CONSTRAINT "benefit_entry_amount_check" CHECK ("amount" > 0);
ALTER TABLE "benefit_entry" ADD CONSTRAINT "benefit_entry_confidence_check" CHECK ("confidence" > 0 AND "confidence" <= 1);
ALTER TABLE "benefit_entry" ADD CONSTRAINT "benefit_entry_dates_check" CHECK ("endDate" IS NULL OR "endDate" >= "startDate");
ALTER TABLE "job_run" ADD CONSTRAINT "job_run_compute_check" CHECK ("cpuSeconds" >= 0 AND "wallSeconds" >= 0 AND "gpuSeconds" >= 0);
ALTER TABLE "strategy_setting" ADD CONSTRAINT "strategy_setting_rates_check" CHECK ("cpuHourRate" >= 0 AND "gpuHourRate" >= 0);
ALTER TABLE "strategy_risk" ADD CONSTRAINT "strategy_risk_scale_check" CHECK ("likelihood" BETWEEN 1 AND 5 AND "impact" BETWEEN 1 AND 5);
