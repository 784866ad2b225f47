// Connect's job queue (store/jobs.hpp) on SQLite. Every call, reads included, runs on the single writer
// connection as a member of its group commit: one process writes the file, so claiming needs no more than
// the writer's own serialisation, and a job read always sees the latest progress.
#pragma once

#include <memory>

#include "store/jobs.hpp"
#include "store/sqlite/connection.hpp"
#include "store/sqlite/group_commit.hpp"

namespace norced::store::sqlite {

std::unique_ptr<JobStore> job_store(Connection& writer, GroupCommit& group);

// JobStore::progress on `db`, inside the caller's transaction (WriteTx::record_job_progress).
bool record_progress(Connection& db, const JobProgress& p);

}  // namespace norced::store::sqlite
