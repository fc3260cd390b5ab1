"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-21 23:50:20.906423
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('annotators',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('adjudicated_by', sa.String(length=64), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotators'))
    )
    op.create_table('codebooks',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('codebook_id', sa.String(length=64), nullable=False),
    sa.Column('version', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('is_current', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_codebooks')),
    sa.UniqueConstraint('codebook_id', 'version', name='uq_codebooks_id_version')
    )
    op.create_table('documents',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('author', sa.Text(), nullable=False),
    sa.Column('url', sa.Text(), nullable=False),
    sa.Column('published', sa.String(length=64), nullable=False),
    sa.Column('language', sa.String(length=32), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('original_filename', sa.Text(), nullable=False),
    sa.Column('original_sha256', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('sha256', name=op.f('uq_documents_sha256'))
    )
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_documents_position'), ['position'], unique=False)

    op.create_table('settings',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('annotations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('document_id', sa.String(length=64), nullable=False),
    sa.Column('annotator_id', sa.String(length=64), nullable=False),
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=64), nullable=False),
    sa.Column('attributes', sa.JSON(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('codebook_version', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('modified_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('"end" > start', name=op.f('ck_annotations_end_after_start')),
    sa.CheckConstraint('start >= 0', name=op.f('ck_annotations_start_nonnegative')),
    sa.ForeignKeyConstraint(['annotator_id'], ['annotators.id'], name=op.f('fk_annotations_annotator_id_annotators'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_annotations_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_annotations'))
    )
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotations_annotator_id'), ['annotator_id'], unique=False)
        batch_op.create_index('ix_annotations_document_annotator', ['document_id', 'annotator_id'], unique=False)

    op.create_table('categories',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('codebook_pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('definition', sa.Text(), nullable=False),
    sa.Column('include', sa.JSON(), nullable=False),
    sa.Column('exclude', sa.JSON(), nullable=False),
    sa.Column('examples', sa.JSON(), nullable=False),
    sa.Column('color', sa.String(length=7), nullable=False),
    sa.Column('shortcut', sa.String(length=16), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['codebook_pk'], ['codebooks.pk'], name=op.f('fk_categories_codebook_pk_codebooks'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_categories')),
    sa.UniqueConstraint('codebook_pk', 'key', name='uq_categories_codebook_key')
    )
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_categories_codebook_pk'), ['codebook_pk'], unique=False)

    op.create_table('category_attributes',
    sa.Column('pk', sa.Integer(), nullable=False),
    sa.Column('category_pk', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('label', sa.Text(), nullable=False),
    sa.Column('type', sa.String(length=16), nullable=False),
    sa.Column('choices', sa.JSON(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['category_pk'], ['categories.pk'], name=op.f('fk_category_attributes_category_pk_categories'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('pk', name=op.f('pk_category_attributes')),
    sa.UniqueConstraint('category_pk', 'key', name='uq_category_attributes_category_key')
    )
    with op.batch_alter_table('category_attributes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_category_attributes_category_pk'), ['category_pk'], unique=False)




def downgrade() -> None:
    
    with op.batch_alter_table('category_attributes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_category_attributes_category_pk'))

    op.drop_table('category_attributes')
    with op.batch_alter_table('categories', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_categories_codebook_pk'))

    op.drop_table('categories')
    with op.batch_alter_table('annotations', schema=None) as batch_op:
        batch_op.drop_index('ix_annotations_document_annotator')
        batch_op.drop_index(batch_op.f('ix_annotations_annotator_id'))

    op.drop_table('annotations')
    op.drop_table('settings')
    with op.batch_alter_table('documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_documents_position'))

    op.drop_table('documents')
    op.drop_table('codebooks')
    op.drop_table('annotators')

