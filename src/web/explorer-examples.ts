/**
 * The operations the explorer opens with, one tab each: the README's example queries (a test
 * keeps them in step with the README), one mutation and one subscription.
 */
export interface ExplorerExample {
  title: string;
  query: string;
  /** JSON text of the variables editor. */
  variables?: string;
}

export const EXPLORER_EXAMPLES: readonly ExplorerExample[] = [
  {
    title: 'A recommendation and who committed to it',
    query: `# One recommendation, its source and who committed to what about it
{
  recommendation(code: "FLORENCE-2008-NAT-09") {
    title text section level themes status
    source { code name }
    commitments { edges { node { code title status isOverdue actor { code name country } } } }
  }
}`,
  },
  {
    title: 'A commitment, its lead and its partners',
    query: `# The Nigeria-Italy programme against trafficking, who leads it and who takes part
{
  commitment(code: "IT-DGCS-NIGERIA-ITALY-TRAFFICKING") {
    title
    actor { code name }
    partners { edges { role evidence node { code name } } }
  }
  actor(code: "UNICRI") { partnerships { edges { role node { code title } } } }
}`,
  },
  {
    title: 'The whole chain of a source',
    query: `# A source, its recommendations, their commitments, progress and history
{
  source(code: "STOCKHOLM-1996") {
    name startDate place organisers { name }
    recommendations(first: 5) {
      totalCount
      edges {
        node {
          code title
          commitments(first: 5) {
            edges {
              node {
                code status actor { name }
                progressUpdates(first: 5) { edges { node { summary reportedAt sequence } } }
                history { edges { node { fromStatus toStatus at reason sequence } } }
              }
            }
          }
        }
      }
    }
  }
}`,
  },
  {
    title: 'Overdue commitments',
    query: `# Overdue commitments, by due date
{
  commitments(first: 20, filter: { overdue: true }, orderBy: { field: DUE_DATE, direction: ASC }) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { code title dueDate status } }
  }
}`,
  },
  {
    title: 'Full-text search',
    query: `# Every word must match; "quoted phrases", prefix*
{
  recommendations(filter: { search: "ombuds* \\"each country\\"", levels: [NATIONAL] }) {
    edges { node { code title } }
  }
}`,
  },
  {
    title: 'Commitments by source and status',
    query: `# Italy's commitments counted by source and status
{
  commitmentStats(groupBy: [SOURCE, STATUS], filter: { countryCodes: ["IT"] }) {
    total bucketSum
    buckets { count keys { dimension value label } }
    subtotals { key { value } count bucketSum }
  }
}`,
  },
  {
    title: 'Latest status changes',
    query: `# The latest status changes of commitments on protection, with who made them and why
{
  statusChanges(first: 10, filter: { themes: [PROTECTION] }) {
    totalCount
    edges {
      node {
        at fromStatus toStatus reason by { name }
        commitment { code actor { name } recommendations(first: 5) { edges { node { code } } } }
      }
    }
  }
}`,
  },
  {
    title: 'Commitments not started',
    query: `# Commitments not started yet, with the id and version a write needs
{
  commitments(first: 5, filter: { statuses: [NOT_STARTED] }) {
    edges { node { id code title version } }
  }
}`,
  },
  {
    title: 'Mutation: change a status',
    query: `# Needs a SECRETARIAT or ADMIN token: put it in the Headers editor as
# { "authorization": "Bearer <token>" }
# and an id and version from "Commitments not started" in the Variables editor.
mutation ChangeStatus($i: UpdateCommitmentInput!) {
  updateCommitment(input: $i) {
    commitment { code status version history { edges { node { fromStatus toStatus reason at } } } }
  }
}`,
    variables: JSON.stringify({ i: { id: '<commitment id>', expectedVersion: 1, status: 'IN_PROGRESS' } }, null, 2),
  },
  {
    title: 'Subscription: live status changes',
    query: `# Over the WebSocket of this same URL; add "after" (a sequence) to replay what you missed
subscription LiveStatusChanges {
  commitmentStatusChanged(filter: { countryCodes: ["IT"] }) {
    sequence
    commitment { code status actor { name } }
    statusChange { fromStatus toStatus reason at }
  }
}`,
  },
  {
    title: 'A commitment’s due dates and edit history',
    query: `# Every due date a commitment has had, and its latest revisions
{ commitment(code: "IT-DEO-NATIONAL-CARE-GUIDELINES") { dueDate dueDateHistory { dueDate previousDueDate at reason by { name } } revisions(first: 5) { edges { node { kind at reason by { name } changes { field old new } } } } } }`,
  },
];
