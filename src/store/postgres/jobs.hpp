// Connect's job queue (store/jobs.hpp) on PostgreSQL, shared by every instance on the database: claim() takes
// the next job with FOR UPDATE SKIP LOCKED, so instances never wait for each other's claims and never take
// the same job; progress() and finish() are fenced by the lease (worker and next chunk), so an instance whose
// lease expired while it was stalled cannot record anything once another one has taken the job over.
#pragma once

#include <memory>

#include "store/jobs.hpp"
#include "store/postgres/pool.hpp"

namespace norced::store::postgres {

std::unique_ptr<JobStore> job_store(Pool& pool);

// JobStore::progress on `db`, inside the caller's transaction (WriteTx::record_job_progress).
bool record_progress(Connection& db, const JobProgress& p);

}  // namespace norced::store::postgres
