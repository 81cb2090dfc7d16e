-- Uploaded files (streamed in under a size limit, hashed) and a content hash per loan application, so a
-- re-imported file or applicant is recognised (issue 15, items 2 and 4).

-- CreateTable
CREATE TABLE "uploaded_file" (
    "id" TEXT NOT NULL,
    "app" TEXT NOT NULL,
    "purpose" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "bytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "importedAt" TIMESTAMP(3),
    "importBatch" TEXT,
    "importedRows" INTEGER,

    CONSTRAINT "uploaded_file_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "uploaded_file_purpose_sha256_idx" ON "uploaded_file"("purpose", "sha256");

-- CreateIndex
CREATE INDEX "uploaded_file_createdAt_idx" ON "uploaded_file"("createdAt");

-- AlterTable
ALTER TABLE "loan_application" ADD COLUMN "contentHash" TEXT;

-- Existing rows: the same text the application code hashes (applicantContentHash in libs/finance): the 20
-- attributes in codebook order joined by '|', booleans as true/false, numbers in their shortest form.
UPDATE "loan_application" SET "contentHash" = encode(sha256(convert_to(concat_ws('|',
    "checkingStatus", "durationMonths", "creditHistory", "purpose", "amount", "savings", "employmentSince",
    "instalmentRatePct", "personalStatusSex", "otherDebtors", "residenceSinceYears", "property", "age",
    "otherInstalmentPlans", "housing", "existingCredits", "job", "dependants", "hasTelephone"::text, "foreignWorker"::text), 'UTF8')), 'hex');

-- CreateIndex
CREATE INDEX "loan_application_contentHash_idx" ON "loan_application"("contentHash");
