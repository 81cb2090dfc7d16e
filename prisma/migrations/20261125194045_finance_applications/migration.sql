-- CreateEnum
CREATE TYPE "CheckingStatus" AS ENUM ('below_0_dm', 'dm_0_to_200', 'at_least_200_dm', 'no_checking_account');

-- CreateEnum
CREATE TYPE "CreditHistory" AS ENUM ('no_credits_all_paid', 'all_paid_at_this_bank', 'existing_paid_duly', 'past_delays', 'critical_account');

-- CreateEnum
CREATE TYPE "LoanPurpose" AS ENUM ('car_new', 'car_used', 'furniture_equipment', 'radio_television', 'domestic_appliances', 'repairs', 'education', 'vacation', 'retraining', 'business', 'other');

-- CreateEnum
CREATE TYPE "SavingsBalance" AS ENUM ('below_100_dm', 'dm_100_to_500', 'dm_500_to_1000', 'at_least_1000_dm', 'unknown_or_none');

-- CreateEnum
CREATE TYPE "EmploymentSince" AS ENUM ('unemployed', 'below_1_year', 'years_1_to_4', 'years_4_to_7', 'at_least_7_years');

-- CreateEnum
CREATE TYPE "PersonalStatusSex" AS ENUM ('male_divorced_separated', 'female_divorced_separated_married', 'male_single', 'male_married_widowed', 'female_single');

-- CreateEnum
CREATE TYPE "OtherDebtors" AS ENUM ('none', 'co_applicant', 'guarantor');

-- CreateEnum
CREATE TYPE "PropertyType" AS ENUM ('real_estate', 'savings_agreement_life_insurance', 'car_or_other', 'unknown_or_none');

-- CreateEnum
CREATE TYPE "OtherInstalmentPlans" AS ENUM ('bank', 'stores', 'none');

-- CreateEnum
CREATE TYPE "Housing" AS ENUM ('rent', 'own', 'for_free');

-- CreateEnum
CREATE TYPE "JobType" AS ENUM ('unemployed_unskilled_non_resident', 'unskilled_resident', 'skilled_employee', 'management_self_employed');

-- CreateEnum
CREATE TYPE "CreditOutcome" AS ENUM ('good', 'bad');

-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('pending', 'approved', 'declined', 'referred');

-- CreateEnum
CREATE TYPE "DecisionOutcome" AS ENUM ('approve', 'decline', 'refer');

-- CreateTable
CREATE TABLE "loan_application" (
    "id" TEXT NOT NULL,
    "externalRef" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "applicantName" TEXT,
    "checkingStatus" "CheckingStatus" NOT NULL,
    "durationMonths" INTEGER NOT NULL,
    "creditHistory" "CreditHistory" NOT NULL,
    "purpose" "LoanPurpose" NOT NULL,
    "amount" DOUBLE PRECISION NOT NULL,
    "savings" "SavingsBalance" NOT NULL,
    "employmentSince" "EmploymentSince" NOT NULL,
    "instalmentRatePct" INTEGER NOT NULL,
    "personalStatusSex" "PersonalStatusSex" NOT NULL,
    "otherDebtors" "OtherDebtors" NOT NULL,
    "residenceSinceYears" INTEGER NOT NULL,
    "property" "PropertyType" NOT NULL,
    "age" INTEGER NOT NULL,
    "otherInstalmentPlans" "OtherInstalmentPlans" NOT NULL,
    "housing" "Housing" NOT NULL,
    "existingCredits" INTEGER NOT NULL,
    "job" "JobType" NOT NULL,
    "dependants" INTEGER NOT NULL,
    "hasTelephone" BOOLEAN NOT NULL,
    "foreignWorker" BOOLEAN NOT NULL,
    "outcome" "CreditOutcome",
    "status" "ApplicationStatus" NOT NULL DEFAULT 'pending',
    "pd" DOUBLE PRECISION,
    "points" INTEGER,
    "grade" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "loan_application_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_score" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "modelVersionId" TEXT NOT NULL,
    "pd" DOUBLE PRECISION NOT NULL,
    "points" INTEGER NOT NULL,
    "grade" TEXT NOT NULL,
    "lgd" DOUBLE PRECISION NOT NULL,
    "exposure" DOUBLE PRECISION NOT NULL,
    "expectedLoss" DOUBLE PRECISION NOT NULL,
    "recommendation" "DecisionOutcome" NOT NULL,
    "basePoints" DOUBLE PRECISION NOT NULL,
    "contributions" JSONB NOT NULL,
    "reasonCodes" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "credit_decision" (
    "id" TEXT NOT NULL,
    "applicationId" TEXT NOT NULL,
    "scoreId" TEXT,
    "outcome" "DecisionOutcome" NOT NULL,
    "recommendation" "DecisionOutcome",
    "isOverride" BOOLEAN NOT NULL,
    "reason" TEXT,
    "decidedById" TEXT NOT NULL,
    "decidedByEmail" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "credit_decision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "grade_band" (
    "grade" TEXT NOT NULL,
    "maxPd" DOUBLE PRECISION NOT NULL,
    "description" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "grade_band_pkey" PRIMARY KEY ("grade")
);

-- CreateTable
CREATE TABLE "risk_setting" (
    "id" TEXT NOT NULL DEFAULT 'default',
    "lgd" DOUBLE PRECISION NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "updatedById" TEXT,

    CONSTRAINT "risk_setting_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "loan_application_externalRef_key" ON "loan_application"("externalRef");

-- CreateIndex
CREATE INDEX "loan_application_pd_id_idx" ON "loan_application"("pd", "id");

-- CreateIndex
CREATE INDEX "loan_application_amount_id_idx" ON "loan_application"("amount", "id");

-- CreateIndex
CREATE INDEX "loan_application_createdAt_id_idx" ON "loan_application"("createdAt", "id");

-- CreateIndex
CREATE INDEX "loan_application_grade_pd_id_idx" ON "loan_application"("grade", "pd", "id");

-- CreateIndex
CREATE INDEX "loan_application_status_pd_id_idx" ON "loan_application"("status", "pd", "id");

-- CreateIndex
CREATE INDEX "loan_application_purpose_pd_id_idx" ON "loan_application"("purpose", "pd", "id");

-- CreateIndex
CREATE INDEX "credit_score_applicationId_createdAt_idx" ON "credit_score"("applicationId", "createdAt");

-- CreateIndex
CREATE INDEX "credit_score_modelVersionId_idx" ON "credit_score"("modelVersionId");

-- CreateIndex
CREATE INDEX "credit_decision_applicationId_decidedAt_idx" ON "credit_decision"("applicationId", "decidedAt");

-- CreateIndex
CREATE INDEX "credit_decision_decidedAt_idx" ON "credit_decision"("decidedAt");

-- AddForeignKey
ALTER TABLE "credit_score" ADD CONSTRAINT "credit_score_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "loan_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_score" ADD CONSTRAINT "credit_score_modelVersionId_fkey" FOREIGN KEY ("modelVersionId") REFERENCES "model_version"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "credit_decision" ADD CONSTRAINT "credit_decision_applicationId_fkey" FOREIGN KEY ("applicationId") REFERENCES "loan_application"("id") ON DELETE CASCADE ON UPDATE CASCADE;
