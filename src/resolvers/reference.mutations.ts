import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../server/context';
import { write } from '../services/write';
import {
  archive,
  restore,
  saveActor,
  saveRecommendation,
  saveResponsibility,
  saveSource,
  type ArchivableType,
} from '../services/reference-data';
import {
  ActorPayload,
  ArchiveInput,
  ArchivePayload,
  CreateActorInput,
  CreateRecommendationInput,
  CreateResponsibilityInput,
  CreateSourceInput,
  RecommendationPayload,
  ResponsibilityPayload,
  RestoreInput,
  RestorePayload,
  SourcePayload,
  UpdateActorInput,
  UpdateRecommendationInput,
  UpdateResponsibilityInput,
  UpdateSourceInput,
} from '../schema/mutations/reference';

const archiveOf = (type: ArchivableType) => (ctx: Context, input: ArchiveInput) =>
  write(ctx, (w) => archive(w, type, input.id, input.reason)).then((node) => ({ node }));
const restoreOf = (type: ArchivableType) => (ctx: Context, input: RestoreInput) =>
  write(ctx, (w) => restore(w, type, input.id, input.reason)).then((node) => ({ node }));

/** Secretariat and admin: reference data. Archive, never delete; restore makes an archived record writable again. */
@Resolver()
export class ReferenceMutations {
  @Authorized()
  @Mutation(() => SourcePayload)
  async createSource(@Ctx() ctx: Context, @Arg('input', () => CreateSourceInput) input: CreateSourceInput) {
    return { source: await write(ctx, (w) => saveSource(w, input)) };
  }

  @Authorized()
  @Mutation(() => SourcePayload)
  async updateSource(@Ctx() ctx: Context, @Arg('input', () => UpdateSourceInput) input: UpdateSourceInput) {
    return { source: await write(ctx, (w) => saveSource(w, input)) };
  }

  @Authorized()
  @Mutation(() => RecommendationPayload)
  async createRecommendation(@Ctx() ctx: Context, @Arg('input', () => CreateRecommendationInput) input: CreateRecommendationInput) {
    return { recommendation: await write(ctx, (w) => saveRecommendation(w, input)) };
  }

  @Authorized()
  @Mutation(() => RecommendationPayload)
  async updateRecommendation(@Ctx() ctx: Context, @Arg('input', () => UpdateRecommendationInput) input: UpdateRecommendationInput) {
    return { recommendation: await write(ctx, (w) => saveRecommendation(w, input)) };
  }

  @Authorized()
  @Mutation(() => ActorPayload)
  async createActor(@Ctx() ctx: Context, @Arg('input', () => CreateActorInput) input: CreateActorInput) {
    return { actor: await write(ctx, (w) => saveActor(w, input)) };
  }

  @Authorized()
  @Mutation(() => ActorPayload)
  async updateActor(@Ctx() ctx: Context, @Arg('input', () => UpdateActorInput) input: UpdateActorInput) {
    return { actor: await write(ctx, (w) => saveActor(w, input)) };
  }

  @Authorized()
  @Mutation(() => ResponsibilityPayload)
  async createResponsibility(@Ctx() ctx: Context, @Arg('input', () => CreateResponsibilityInput) input: CreateResponsibilityInput) {
    return { responsibility: await write(ctx, (w) => saveResponsibility(w, input)) };
  }

  @Authorized()
  @Mutation(() => ResponsibilityPayload)
  async updateResponsibility(@Ctx() ctx: Context, @Arg('input', () => UpdateResponsibilityInput) input: UpdateResponsibilityInput) {
    return { responsibility: await write(ctx, (w) => saveResponsibility(w, input)) };
  }

  @Authorized()
  @Mutation(() => ArchivePayload)
  archiveSource(@Ctx() ctx: Context, @Arg('input', () => ArchiveInput) input: ArchiveInput) {
    return archiveOf('Source')(ctx, input);
  }

  @Authorized()
  @Mutation(() => ArchivePayload)
  archiveRecommendation(@Ctx() ctx: Context, @Arg('input', () => ArchiveInput) input: ArchiveInput) {
    return archiveOf('Recommendation')(ctx, input);
  }

  @Authorized()
  @Mutation(() => ArchivePayload)
  archiveActor(@Ctx() ctx: Context, @Arg('input', () => ArchiveInput) input: ArchiveInput) {
    return archiveOf('Actor')(ctx, input);
  }

  @Authorized()
  @Mutation(() => ArchivePayload)
  archiveResponsibility(@Ctx() ctx: Context, @Arg('input', () => ArchiveInput) input: ArchiveInput) {
    return archiveOf('Responsibility')(ctx, input);
  }

  @Authorized()
  @Mutation(() => ArchivePayload)
  archiveCommitment(@Ctx() ctx: Context, @Arg('input', () => ArchiveInput) input: ArchiveInput) {
    return archiveOf('Commitment')(ctx, input);
  }
  @Authorized()
  @Mutation(() => RestorePayload, { description: 'Secretariat: restore an archived source; restoring a live one changes nothing.' })
  restoreSource(@Ctx() ctx: Context, @Arg('input', () => RestoreInput) input: RestoreInput) {
    return restoreOf('Source')(ctx, input);
  }

  @Authorized()
  @Mutation(() => RestorePayload, { description: 'Secretariat: restore an archived recommendation; restoring a live one changes nothing.' })
  restoreRecommendation(@Ctx() ctx: Context, @Arg('input', () => RestoreInput) input: RestoreInput) {
    return restoreOf('Recommendation')(ctx, input);
  }

  @Authorized()
  @Mutation(() => RestorePayload, { description: 'Secretariat: restore an archived actor; restoring a live one changes nothing.' })
  restoreActor(@Ctx() ctx: Context, @Arg('input', () => RestoreInput) input: RestoreInput) {
    return restoreOf('Actor')(ctx, input);
  }

  @Authorized()
  @Mutation(() => RestorePayload, { description: 'Secretariat: restore an archived responsibility; restoring a live one changes nothing.' })
  restoreResponsibility(@Ctx() ctx: Context, @Arg('input', () => RestoreInput) input: RestoreInput) {
    return restoreOf('Responsibility')(ctx, input);
  }

  @Authorized()
  @Mutation(() => RestorePayload, { description: 'Secretariat: restore an archived commitment; restoring a live one changes nothing.' })
  restoreCommitment(@Ctx() ctx: Context, @Arg('input', () => RestoreInput) input: RestoreInput) {
    return restoreOf('Commitment')(ctx, input);
  }
}
