/** A record's photos as thumbnails, each linking to the full picture (served by /photos/:id). */
export function PhotoThumbs({ photos }: { photos: { id: string; fileName: string }[] }) {
  return (
    <div className="photos">
      {photos.map((photo) => (
        <a key={photo.id} href={`/photos/${photo.id}`}>
          <img src={`/photos/${photo.id}?size=thumb`} alt={photo.fileName} loading="lazy" />
        </a>
      ))}
    </div>
  );
}
